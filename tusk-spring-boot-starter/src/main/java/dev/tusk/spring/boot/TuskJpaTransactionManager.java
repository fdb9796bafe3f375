package dev.tusk.spring.boot;

import dev.tusk.TuskClient;
import jakarta.persistence.EntityManagerFactory;
import org.springframework.orm.jpa.JpaTransactionManager;
import org.springframework.transaction.TransactionDefinition;

/**
 * Spring's JPA transactions when the application uses JPA, refusing to begin inside {@code client.inTransaction} as
 * {@link TuskTransactionManager} does, and there even for {@code REQUIRES_NEW}. It exposes each transaction's JDBC connection under Tusk's pool, so
 * {@code JdbcClient} and {@code client.inTransaction} inside a JPA transaction run on the same connection and commit
 * with it.
 */
public class TuskJpaTransactionManager extends JpaTransactionManager {

    private final transient TuskClient client;

    /** JPA transactions of {@code entityManagerFactory}, whose JDBC connections come from {@code client}'s pool. */
    public TuskJpaTransactionManager(TuskClient client, EntityManagerFactory entityManagerFactory) {
        super(entityManagerFactory);
        // Spring binds each transaction's connection under this DataSource. Boot's factory replaces it with its own
        // (the application's TuskDataSource, which Spring files under this same pool); a factory that names none
        // keeps this one, so Tusk still finds the JPA transaction's connection.
        setDataSource(client.dataSource());
        this.client = client;
    }

    @Override
    protected void doBegin(Object transaction, TransactionDefinition definition) {
        // REQUIRES_NEW too: Hibernate takes its connection from the application's DataSource, which inside
        // client.inTransaction is Tusk's own connection, so a "new" JPA transaction there would not be a separate one.
        TuskTransactionManager.refuseInsideTusk(client, definition,
                "or run the JPA work on another thread if it must commit on its own");
        super.doBegin(transaction, definition);
    }
}
