package dev.tusk.copy;

import dev.tusk.CopyException;
import dev.tusk.Tusk;
import dev.tusk.TuskClient;
import dev.tusk.config.TuskConfig;
import dev.tusk.testing.ManagedPostgres;
import dev.tusk.testing.TestDatabase;
import dev.tusk.testing.junit.WithPostgres;
import org.junit.jupiter.api.Test;

import java.net.InetAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.time.Duration;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * The INSERT path of {@code bulkInsert} remembers each table's catalog look-up per client, and a remembered one never
 * sends rows to the wrong table or stores what a fresh look-up would refuse.
 */
@WithPostgres
class BulkInsertLookupTest {

    private static final List<String> COLUMNS = List.of("id", "v");

    @Test
    void shouldLookATableUpOncePerClientAndColumnList() throws Exception {
        try (ManagedPostgres server = ManagedPostgres.builder().label("insert-lookup")
                .setting("log_statement", "all").start()) {
            TuskConfig config = TuskConfig.fromUrl(server.url(ManagedPostgres.ADMIN_DATABASE)).toBuilder()
                    .shutdownGracePeriod(Duration.ZERO).build();
            try (TuskClient client = Tusk.connect(config)) {
                client.execute("CREATE TABLE item (id int PRIMARY KEY, v int)");
                for (int call = 0; call < 5; call++) {
                    client.bulkInsert("item", COLUMNS, List.of(new Object[] {call * 2, call}, new Object[] {call * 2 + 1, null}));
                }
                client.inTransaction(tx -> tx.copy().bulkInsert("item", COLUMNS, List.<Object[]>of(new Object[] {100, 7})));
                client.bulkInsert("item", List.of("id"), List.<Object[]>of(new Object[] {101}));

                assertThat(client.queryValue("SELECT count(*) FROM item", Long.class)).isEqualTo(12L);
                assertThat(client.queryValue("SELECT sum(v) FROM item", Long.class)).isEqualTo(0L + 1 + 2 + 3 + 4 + 7);
                client.queryValue("SELECT 'lookups-logged'", String.class);
                long lookups = awaitLog(server, "'lookups-logged'").stream()
                        .filter(line -> line.contains("LOG:") && line.contains("to_regclass(")).count();
                // One per column list: the client's calls and the transaction's share what the client learnt.
                assertThat(lookups).isEqualTo(2);
            }
        }
    }

    @Test
    void shouldWriteToTheTableTheSearchPathNamesEachTime(TestDatabase database) {
        try (TuskClient client = Tusk.connect(database.url())) {
            client.execute("CREATE SCHEMA tenant_a");
            client.execute("CREATE SCHEMA tenant_b");
            client.execute("CREATE TABLE tenant_a.item (id int PRIMARY KEY, v int)");
            client.execute("CREATE TABLE tenant_b.item (id int PRIMARY KEY, v int)");
            for (int round = 0; round < 3; round++) {
                for (String tenant : List.of("tenant_a", "tenant_b")) {
                    int id = round;
                    int value = tenant.equals("tenant_a") ? 1 : 2;
                    client.inTransaction(tx -> {
                        tx.execute("SET LOCAL search_path = " + tenant);
                        return tx.copy().bulkInsert("item", COLUMNS, List.<Object[]>of(new Object[] {id, value}));
                    });
                }
            }
            assertThat(client.query("SELECT v FROM tenant_a.item", Integer.class)).containsOnly(1).hasSize(3);
            assertThat(client.query("SELECT v FROM tenant_b.item", Integer.class)).containsOnly(2).hasSize(3);
        }
    }

    @Test
    void shouldLookAgainWhenARememberedColumnTypeRefusesTheValue(TestDatabase database) throws Exception {
        try (TuskClient client = Tusk.connect(database.url())) {
            client.execute("CREATE TABLE item (id int PRIMARY KEY, v int)");
            client.bulkInsert("item", COLUMNS, List.<Object[]>of(new Object[] {1, 1}));
            client.execute("DROP TABLE item");
            client.execute("CREATE TABLE item (id int PRIMARY KEY, v inet)");

            InetAddress address = InetAddress.getByName("10.1.2.3");
            BulkInsertResult result = client.bulkInsert("item", COLUMNS, List.<Object[]>of(new Object[] {2, address}));

            assertThat(result.rows()).isEqualTo(1);
            assertThat(client.queryValue("SELECT v::text FROM item WHERE id = 2", String.class)).isEqualTo("10.1.2.3/32");
        }
    }

    @Test
    void shouldRefuseAsAFreshLookUpWouldWhenTheServerNoLongerReadsTheRememberedForm(TestDatabase database) {
        try (TuskClient client = Tusk.connect(database.url())) {
            client.execute("CREATE TABLE item (id int PRIMARY KEY, v int)");
            client.bulkInsert("item", COLUMNS, List.<Object[]>of(new Object[] {1, 1}));
            client.execute("DROP TABLE item");
            client.execute("CREATE TABLE item (id int PRIMARY KEY, v date)");

            // The remembered int4 encoder writes "5", which the server refuses for a date; the fresh look-up refuses
            // the Integer itself, naming the row, column and type, as a call on a new client would.
            assertThatThrownBy(() -> client.bulkInsert("item", COLUMNS, List.<Object[]>of(new Object[] {2, 5})))
                    .isInstanceOf(CopyException.class)
                    .hasMessageContaining("row 1, column \"v\" (date)");
            try (TuskClient fresh = Tusk.connect(database.url())) {
                assertThatThrownBy(() -> fresh.bulkInsert("item", COLUMNS, List.<Object[]>of(new Object[] {2, 5})))
                        .isInstanceOf(CopyException.class)
                        .hasMessageContaining("row 1, column \"v\" (date)");
            }
            assertThat(client.queryValue("SELECT count(*) FROM item", Long.class)).isZero();
        }
    }

    @Test
    void shouldFindARecreatedTableAfterTheOldOneIsDropped(TestDatabase database) {
        try (TuskClient client = Tusk.connect(database.url())) {
            client.execute("CREATE TABLE item (id int PRIMARY KEY, v int, extra text)");
            client.bulkInsert("item", COLUMNS, List.<Object[]>of(new Object[] {1, 1}));
            client.execute("DROP TABLE item");
            client.execute("CREATE TABLE item (v int, id int PRIMARY KEY)");

            assertThat(client.bulkInsert("item", COLUMNS, List.<Object[]>of(new Object[] {2, 20})).rows()).isEqualTo(1);
            assertThat(client.queryValue("SELECT v FROM item WHERE id = 2", Integer.class)).isEqualTo(20);
        }
    }

    private static List<String> awaitLog(ManagedPostgres server, String marker) throws Exception {
        long deadline = System.nanoTime() + Duration.ofSeconds(20).toNanos();
        while (true) {
            List<String> lines = Files.readAllLines(server.logFile(), StandardCharsets.UTF_8);
            if (lines.stream().anyMatch(line -> line.contains(marker)) || System.nanoTime() > deadline) {
                return lines;
            }
            Thread.sleep(50);
        }
    }
}
