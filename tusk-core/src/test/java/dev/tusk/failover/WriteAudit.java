package dev.tusk.failover;

import dev.tusk.testing.PostgresServer;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Compares a {@link WriteJournal} with the rows a server holds: every acknowledged key exactly once, no failed key,
 * an ambiguous key at most once, no key written twice, and no row that no call made.
 *
 * @param acked       calls acknowledged
 * @param failed      calls that failed without reaching the server
 * @param ambiguous   calls whose outcome the caller was not told
 * @param ambiguousPresent ambiguous calls whose row is on the server
 * @param rows        rows on the server
 * @param violations  every broken promise, empty when all hold
 */
record WriteAudit(int acked, int failed, int ambiguous, int ambiguousPresent, long rows, List<String> violations) {

    /** Reads every row of {@code failover_writes} in {@code database} on {@code server} and checks the journal. */
    static WriteAudit of(WriteJournal journal, PostgresServer server, String database) throws SQLException {
        Map<String, Integer> copies = new HashMap<>();
        long rows = 0;
        try (Connection connection = server.connect(database); Statement statement = connection.createStatement();
             ResultSet result = statement.executeQuery("SELECT key FROM failover_writes")) {
            while (result.next()) {
                copies.merge(result.getString(1), 1, Integer::sum);
                rows++;
            }
        }
        List<String> violations = new ArrayList<>();
        Map<String, WriteJournal.Outcome> told = new HashMap<>();
        int ambiguousPresent = 0;
        for (WriteJournal.Entry entry : journal.entries()) {
            told.put(entry.key(), entry.outcome());
            int found = copies.getOrDefault(entry.key(), 0);
            switch (entry.outcome()) {
                case ACKED -> {
                    if (found != 1) {
                        violations.add("acknowledged write " + entry.key() + " is on the server " + found + " times");
                    }
                }
                case FAILED -> {
                    if (found != 0) {
                        violations.add("write " + entry.key() + " was reported failed (" + entry.failure()
                                + ") but is on the server " + found + " times");
                    }
                }
                case AMBIGUOUS -> {
                    if (found > 1) {
                        violations.add("ambiguous write " + entry.key() + " is on the server " + found + " times");
                    }
                    ambiguousPresent += found;
                }
            }
        }
        copies.forEach((key, count) -> {
            if (!told.containsKey(key)) {
                violations.add("row " + key + " is on the server " + count + " times, but no call wrote it");
            }
        });
        return new WriteAudit(journal.with(WriteJournal.Outcome.ACKED).size(),
                journal.with(WriteJournal.Outcome.FAILED).size(), journal.with(WriteJournal.Outcome.AMBIGUOUS).size(),
                ambiguousPresent, rows, violations);
    }
}
