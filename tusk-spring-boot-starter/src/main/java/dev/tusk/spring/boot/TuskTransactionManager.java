package dev.tusk.spring.boot;

import dev.tusk.TuskClient;
import org.springframework.jdbc.datasource.DataSourceTransactionManager;
import org.springframework.transaction.IllegalTransactionStateException;
import org.springframework.transaction.TransactionDefinition;

/**
 * Spring's JDBC transactions on Tusk's pool, which refuse to begin inside {@code client.inTransaction} on the same
 * thread: the two would commit apart. A Spring transaction already open is joined by {@code client.inTransaction}
 * (see {@link SpringAmbientTransaction}); only {@code REQUIRES_NEW}, a separate transaction asked for by name, may
 * begin inside Tusk's.
 */
public class TuskTransactionManager extends DataSourceTransactionManager {

    private final transient TuskClient client;

    /** Transactions on {@code client}'s pool; new ones always take a connection of their own from it. */
    public TuskTransactionManager(TuskClient client) {
        // The pool itself, not TuskDataSource: a REQUIRES_NEW transaction must not be handed Tusk's connection.
        super(client.dataSource());
        this.client = client;
    }

    @Override
    protected void doBegin(Object transaction, TransactionDefinition definition) {
        if (definition.getPropagationBehavior() != TransactionDefinition.PROPAGATION_REQUIRES_NEW) {
            refuseInsideTusk(client, definition, "or ask for Propagation.REQUIRES_NEW for a separate transaction");
        }
        super.doBegin(transaction, definition);
    }

    /**
     * Refuses a Spring transaction that would begin inside {@code client.inTransaction} on the same thread, the
     * message ending with {@code lastWayOut}; shared with {@link TuskJpaTransactionManager}.
     */
    static void refuseInsideTusk(TuskClient client, TransactionDefinition definition, String lastWayOut) {
        if (client.currentTransaction().isPresent()) {
            throw new IllegalTransactionStateException("A Spring transaction ("
                    + (definition.getName() == null ? "@Transactional or TransactionTemplate" : definition.getName())
                    + ") was begun inside client.inTransaction on the same thread, where it would commit apart from "
                    + "Tusk's. Call it outside client.inTransaction (client.inTransaction inside @Transactional joins "
                    + "Spring's transaction), use JdbcClient or JdbcTemplate alone inside client.inTransaction (they "
                    + "run in Tusk's transaction), " + lastWayOut);
        }
    }
}
