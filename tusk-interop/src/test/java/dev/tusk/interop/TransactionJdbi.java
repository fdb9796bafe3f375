package dev.tusk.interop;

import dev.tusk.tx.Transaction;
import org.jdbi.v3.core.ConnectionFactory;
import org.jdbi.v3.core.Jdbi;

import java.sql.Connection;

/**
 * A Jdbi whose handles run on one Tusk transaction's connection and never close it, so Tusk alone commits, rolls
 * back and returns that connection. {@code Jdbi.open(tx.connection())} would close it, handing the lease back to the
 * pool in the middle of the transaction.
 */
final class TransactionJdbi {

    private TransactionJdbi() {
    }

    /** A Jdbi on {@code transaction}'s connection; valid only inside the callback that received the transaction. */
    static Jdbi on(Transaction transaction) {
        return Jdbi.create(new ConnectionFactory() {
            @Override
            public Connection openConnection() {
                return transaction.connection();
            }

            @Override
            public void closeConnection(Connection connection) {
                // Tusk's transaction owns the connection: it commits or rolls back, then returns it to the pool.
            }
        });
    }
}
