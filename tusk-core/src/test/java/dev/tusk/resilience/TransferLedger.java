package dev.tusk.resilience;

import dev.tusk.testing.TestDatabase;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.HashMap;
import java.util.Map;
import java.util.UUID;

/**
 * What the server holds after a scenario, read over a fresh superuser connection: how many times each transfer was
 * logged, and how many accounts disagree with the initial balances plus the logged transfers.
 *
 * @param rowsPerTransfer logged rows per transfer id
 * @param unbalancedAccounts accounts whose balance is not the initial balance plus the logged transfers
 * @param sessions sessions on the server reporting the client's application name
 */
record TransferLedger(Map<UUID, Integer> rowsPerTransfer, int unbalancedAccounts, int sessions) {

    /** Reads the ledger of {@code database}, counting sessions named {@code applicationName}. */
    static TransferLedger read(TestDatabase database, String applicationName) throws SQLException {
        try (Connection connection = database.connect()) {
            Map<UUID, Integer> rows = new HashMap<>();
            try (Statement statement = connection.createStatement();
                 ResultSet result = statement.executeQuery("SELECT transfer_id, count(*) FROM transfers GROUP BY transfer_id")) {
                while (result.next()) {
                    rows.put(result.getObject(1, UUID.class), result.getInt(2));
                }
            }
            int unbalanced;
            try (Statement statement = connection.createStatement();
                 ResultSet result = statement.executeQuery(
                         "SELECT count(*) FROM accounts a WHERE a.balance <> " + TransferWorkload.INITIAL_BALANCE
                                 + " + coalesce((SELECT sum(amount) FROM transfers WHERE to_id = a.id), 0)"
                                 + " - coalesce((SELECT sum(amount) FROM transfers WHERE from_id = a.id), 0)")) {
                result.next();
                unbalanced = result.getInt(1);
            }
            int sessions;
            try (PreparedStatement statement = connection.prepareStatement(
                    "SELECT count(*) FROM pg_stat_activity WHERE application_name = ?")) {
                statement.setString(1, applicationName);
                try (ResultSet result = statement.executeQuery()) {
                    result.next();
                    sessions = result.getInt(1);
                }
            }
            return new TransferLedger(Map.copyOf(rows), unbalanced, sessions);
        }
    }

    /** How many times {@code transferId} was logged. */
    int rows(UUID transferId) {
        return rowsPerTransfer.getOrDefault(transferId, 0);
    }
}
