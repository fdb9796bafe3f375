package dev.tusk;

import dev.tusk.testing.TestDatabase;
import dev.tusk.testing.junit.WithPostgres;
import org.junit.jupiter.api.Test;

import java.math.BigDecimal;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.List;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

@WithPostgres
class TuskClientTest {

    record Account(long id, String owner, BigDecimal balance, UUID token, LocalDate opened, OffsetDateTime seen, Boolean active) {
    }

    @Test
    void shouldRunParameterisedQueriesAndReadTypedValues(TestDatabase database) {
        try (TuskClient client = Tusk.connect(database.url())) {
            client.execute("CREATE TABLE account (id bigint PRIMARY KEY, owner text, balance numeric(12,2), token uuid, "
                    + "opened date, seen timestamptz, active boolean)");
            UUID token = UUID.randomUUID();
            OffsetDateTime seen = OffsetDateTime.of(2026, 11, 22, 10, 30, 0, 0, ZoneOffset.UTC);
            long inserted = client.execute("INSERT INTO account VALUES (?, ?, ?, ?, ?, ?, ?), (?, ?, ?, ?, ?, ?, ?)",
                    1L, "Ada", new BigDecimal("12.50"), token, LocalDate.of(2020, 2, 29), seen, true,
                    2L, "Brendan", null, null, null, null, null);
            assertThat(inserted).isEqualTo(2);

            List<Account> accounts = client.query("SELECT * FROM account WHERE id >= ? ORDER BY id", row -> new Account(
                    row.getLong("id"), row.getString("owner"), row.getBigDecimal("balance"), row.getUuid("token"),
                    row.getLocalDate("opened"), row.getOffsetDateTime("seen"), row.get("active", Boolean.class)), 1L);

            assertThat(accounts).containsExactly(
                    new Account(1, "Ada", new BigDecimal("12.50"), token, LocalDate.of(2020, 2, 29), seen, true),
                    new Account(2, "Brendan", null, null, null, null, null));
            assertThat(client.queryValue(Long.class, "SELECT count(*) FROM account WHERE owner = ?", "Ada")).isEqualTo(1L);
            assertThat(client.queryValue(String.class, "SELECT owner FROM account WHERE id = ?", 42L)).isNull();
        }
    }

    @Test
    void shouldRefuseToReadNullAsPrimitive(TestDatabase database) {
        try (TuskClient client = Tusk.connect(database.url())) {
            assertThatThrownBy(() -> client.query("SELECT NULL::int AS n", row -> row.getInt("n")))
                    .isInstanceOf(TuskException.class)
                    .hasMessageContaining("column \"n\" is NULL");
        }
    }

    @Test
    void shouldReportSqlStateAndStatementButNoParameterValues(TestDatabase database) {
        try (TuskClient client = Tusk.connect(database.url())) {
            client.execute("CREATE TABLE secret_holder (id int PRIMARY KEY, secret text)");
            client.execute("INSERT INTO secret_holder VALUES (?, ?)", 1, "hunter2");
            assertThatThrownBy(() -> client.execute("INSERT INTO secret_holder VALUES (?, ?)", 1, "hunter2"))
                    .isInstanceOfSatisfying(TuskException.class, e -> assertThat(e.sqlState()).isEqualTo("23505"))
                    .hasMessageContaining("INSERT INTO secret_holder")
                    .hasMessageNotContaining("hunter2");
        }
    }

    @Test
    void shouldRefuseWorkAfterClose(TestDatabase database) {
        TuskClient client = Tusk.connect(database.url());
        assertThat(client.queryValue(Integer.class, "SELECT 1")).isEqualTo(1);
        client.close();
        assertThatThrownBy(() -> client.queryValue(Integer.class, "SELECT 1")).isInstanceOf(TuskException.class);
    }

    @Test
    void shouldExposeDataSourceOnThePool(TestDatabase database) throws Exception {
        try (TuskClient client = Tusk.connect(database.url());
             var connection = client.dataSource().getConnection();
             var statement = connection.createStatement();
             var rows = statement.executeQuery("SELECT current_setting('application_name')")) {
            rows.next();
            assertThat(rows.getString(1)).isEqualTo("tusk");
        }
    }
}
