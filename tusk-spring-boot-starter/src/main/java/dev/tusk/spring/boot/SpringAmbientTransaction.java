package dev.tusk.spring.boot;

import dev.tusk.tx.AmbientTransaction;
import org.springframework.jdbc.datasource.ConnectionHolder;
import org.springframework.transaction.support.TransactionSynchronizationManager;

import javax.sql.DataSource;
import java.sql.Connection;
import java.sql.SQLException;

/**
 * Reports the Spring transaction open on the calling thread on Tusk's pool, so that {@code client.inTransaction}
 * inside {@code @Transactional} joins it (a savepoint) instead of opening a second transaction.
 */
final class SpringAmbientTransaction implements AmbientTransaction {

    @Override
    public Connection currentConnection(DataSource dataSource) {
        if (!TransactionSynchronizationManager.isActualTransactionActive()) {
            return null;
        }
        // TuskDataSource is an InfrastructureProxy of the pool's DataSource: Spring binds its holder under the pool's.
        if (!(TransactionSynchronizationManager.getResource(dataSource) instanceof ConnectionHolder holder)) {
            return null;
        }
        try {
            Connection connection = holder.getConnection();
            // A holder bound for synchronisation alone (PROPAGATION_SUPPORTS) is on an autocommit connection: no
            // transaction to join.
            return connection.getAutoCommit() ? null : connection;
        } catch (IllegalStateException | SQLException e) {
            return null;
        }
    }
}
