package dev.tusk.security;

import dev.tusk.ProgressListener;
import dev.tusk.TuskClient;
import dev.tusk.TuskException;
import dev.tusk.batch.StatementBatchOptions;
import dev.tusk.batch.ItemsResult;
import dev.tusk.batch.ItemOptions;
import dev.tusk.config.Profile;
import dev.tusk.config.SslMode;
import dev.tusk.config.TuskConfig;
import dev.tusk.copy.CsvOptions;
import dev.tusk.Tusk;
import dev.tusk.query.Sql;
import dev.tusk.testing.ManagedPostgres;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.io.StringReader;
import java.sql.SQLException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * Server errors whose words quote the statement's input (data exceptions of class 22 in the primary message, integrity
 * violations in the detail, COPY and JSON in the context lines) on every path a value takes: outside the development
 * profile neither Tusk's message nor any cause it chains shows the value, which the program still reads from
 * {@link TuskException#serverError()}; in development the message quotes it.
 */
class ServerErrorValuesTest {

    private static final String VALUE = "val-9Xk-sensitive-3310";
    private static final String BAD_DATE = "2031-02-30 10:00:00";
    private static final String TOO_BIG = "98765432109876";
    private static final byte[] BAD_UTF8 = {'v', 'a', 'l', (byte) 0xc3, 0x28};
    private static final String JSON_TOKEN = "jsonQ7secretToken";
    private static final List<String> SECRETS = List.of(VALUE, "9Xk-sensitive", "2031-02-30", TOO_BIG, "0xc3 0x28",
            JSON_TOKEN);

    private static ManagedPostgres server;

    /**
     * A statement, its one parameter, the SQLSTATE the server answers with, the input its words quote, and whether
     * the primary message quotes it (else only the detail or context lines do).
     */
    private record Case(String sql, Object parameter, String sqlState, String quoted, boolean inPrimary) {

        Case(String sql, Object parameter, String sqlState, String quoted) {
            this(sql, parameter, sqlState, quoted, true);
        }
    }

    private static final List<Case> CASES = List.of(
            new Case("SELECT ?::text::int", VALUE, "22P02", VALUE),
            new Case("SELECT ?::text::uuid", VALUE, "22P02", VALUE),
            new Case("SELECT ?::text::timestamptz", VALUE, "22007", VALUE),
            new Case("SELECT ?::text::timestamp", BAD_DATE, "22008", BAD_DATE),
            new Case("SELECT ?::text::int", TOO_BIG, "22003", TOO_BIG),
            new Case("SELECT convert_from(?, 'UTF8')", BAD_UTF8, "22021", "0xc3 0x28"),
            new Case("SELECT ?::mood", VALUE, "22P02", VALUE),
            new Case("SELECT ?::json", "{\"k\": " + JSON_TOKEN + "}", "22P02", JSON_TOKEN, false),
            new Case("SELECT ?::jsonb", "[" + JSON_TOKEN + "]", "22P02", JSON_TOKEN, false),
            new Case("INSERT INTO checked VALUES (?)", VALUE, "23514", VALUE, false));

    @BeforeAll
    static void startServer() {
        server = ManagedPostgres.builder().label("server-error-values").start();
        server.execute("CREATE TYPE mood AS ENUM ('calm')");
        server.execute("CREATE TABLE checked (token text PRIMARY KEY CHECK (token NOT LIKE 'val-%'))");
        server.execute("CREATE TABLE numbers (n int)");
    }

    @AfterAll
    static void stopServer() {
        server.close();
    }

    private static TuskClient connect(Profile profile) {
        return Tusk.connect(TuskConfig.builder().profile(profile).host("127.0.0.1").port(server.port())
                .database("postgres").user("postgres").sslMode(SslMode.DISABLE).warmUp(false).poolMinSize(0)
                .acquireTimeout(Duration.ofSeconds(5)).build());
    }

    @Test
    void shouldHideQuotedInputInMessagesAndCausesOutsideDevelopmentAndKeepItForTheProgram() {
        try (LeakWatch watch = LeakWatch.start(); TuskClient client = connect(Profile.STAGING)) {
            for (Case failing : CASES) {
                TuskException failure = (TuskException) assertThatThrownBy(
                        () -> client.execute(failing.sql(), failing.parameter()))
                        .as(failing.sql()).isInstanceOf(TuskException.class).actual();
                assertThat(failure.sqlState()).as(failing.sql()).isEqualTo(failing.sqlState());
                assertThat(failure.getCause()).as("a cause with the SQLSTATE, for code that reads the driver's")
                        .isInstanceOfSatisfying(SQLException.class,
                                cause -> assertThat(cause.getSQLState()).isEqualTo(failing.sqlState()));
                assertThat(failure.getCause().getStackTrace()).as("the driver's stack trace is kept").isNotEmpty();
                String serverWords = failure.serverError().message() + " " + failure.serverError().detail() + " "
                        + failure.serverError().where();
                assertThat(serverWords).as("the program still has the input").contains(failing.quoted());
                if (failing.inPrimary()) {
                    assertThat(failure.getMessage()).as(failing.sql()).contains("<", "hidden>")
                            .contains("[SQLSTATE " + failing.sqlState() + "]");
                }
                watch.seeFailure(failure);
                watch.see(failure.serverError());
            }
            assertThat(watch.everything()).anySatisfy(seen ->
                    assertThat(seen).contains("invalid input syntax for type integer: \"<value hidden>\""));
            assertThat(watch.everything()).anySatisfy(seen ->
                    assertThat(seen).contains("invalid byte sequence for encoding \"UTF8\": <bytes hidden>"));
            assertThat(watch.everything()).anySatisfy(seen ->
                    assertThat(seen).contains("value \"<value hidden>\" is out of range for type integer"));
            watch.assertNoneOf(SECRETS);
        }
    }

    @Test
    void shouldQuoteTheInputInTheDevelopmentProfile() {
        try (TuskClient client = connect(Profile.DEVELOPMENT)) {
            for (Case failing : CASES) {
                if (failing.inPrimary()) {
                    assertThatThrownBy(() -> client.execute(failing.sql(), failing.parameter())).as(failing.sql())
                            .hasMessageContaining(failing.quoted());
                }
            }
            assertThatThrownBy(() -> client.inTransaction(tx -> tx.queryValue("SELECT ?::text::int", Integer.class, VALUE)))
                    .hasMessageContaining(VALUE);
            assertThatThrownBy(() -> client.executeBatch(List.of(Sql.of("INSERT INTO numbers VALUES (?::int)", VALUE)),
                    StatementBatchOptions.DEFAULT)).hasMessageContaining(VALUE);
            assertThatThrownBy(() -> client.copy().copyInCsv("numbers", List.of("n"), new StringReader(VALUE + "\n"),
                    CsvOptions.csv(), ProgressListener.NONE)).hasMessageContaining(VALUE);
            assertThatThrownBy(() -> {
                try (var rows = client.stream("SELECT ?::text::int AS n", row -> row.getInt("n"), VALUE)) {
                    rows.toList();
                }
            }).hasMessageContaining(VALUE);
        }
    }

    @Test
    void shouldHideTheInputOnEveryPathAValueTakes() {
        try (LeakWatch watch = LeakWatch.start(); TuskClient client = connect(Profile.STAGING)) {
            Consumer<Throwable> see = failure -> {
                assertThat(failure).isInstanceOf(TuskException.class);
                watch.seeFailure(failure);
            };
            see.accept(thrown(() -> client.inTransaction(tx -> tx.queryValue("SELECT ?::text::int", Integer.class, VALUE)),
                    "22P02"));
            see.accept(thrown(() -> client.inTransaction(tx -> tx.inTransaction(nested ->
                    nested.execute("INSERT INTO checked VALUES (?)", VALUE))), "23514"));
            see.accept(thrown(() -> client.queryOne("SELECT ?::json", String.class, "{\"k\": " + JSON_TOKEN + "}"), "22P02"));
            try (var rows = client.stream("SELECT ?::text::int AS n", row -> row.getInt("n"), VALUE)) {
                see.accept(thrown(() -> rows.toList(), "22P02"));
            } catch (TuskException streamOpenFailure) {
                see.accept(streamOpenFailure);
            }
            see.accept(thrown(() -> client.executeBatch(List.of(Sql.of("INSERT INTO numbers VALUES (?::text::int)", "1"),
                    Sql.of("INSERT INTO numbers VALUES (?::text::int)", VALUE)), StatementBatchOptions.DEFAULT), "22P02"));
            see.accept(thrown(() -> client.executeBatch(List.of(Sql.of("INSERT INTO numbers VALUES (?::text::int)", "1"),
                    Sql.of("INSERT INTO numbers VALUES (?::text::int)", VALUE)),
                    StatementBatchOptions.DEFAULT.withTransactional(false).withJdbcBatchSize(1)), "22P02"));
            ItemsResult<String, Long> items = client.processItems(List.of(VALUE),
                    (chunk, database) -> database.execute("INSERT INTO numbers VALUES (?::int)", chunk.getFirst()),
                    ItemOptions.DEFAULT);
            assertThat(items.failed()).isEqualTo(1);
            see.accept(items.failures().getFirst().failure());
            watch.see(items, items.failures());
            see.accept(thrown(() -> client.copy().copyIn("checked", List.of("token"), List.<Object[]>of(new Object[] {VALUE})),
                    "23514"));
            see.accept(thrown(() -> client.inTransaction(tx -> tx.copy().copyInCsv("numbers", List.of("n"),
                    new StringReader("1\n" + VALUE + "\n"), CsvOptions.csv(), ProgressListener.NONE)), "22P02"));
            TuskException csv = thrown(() -> client.copy().copyInCsv("numbers", List.of("n"),
                    new StringReader("1\n" + VALUE + "\n"), CsvOptions.csv(), ProgressListener.NONE), "22P02");
            assertThat(csv.getMessage()).as("the line and column still named").contains("line 2", "column n");
            assertThat(csv.serverError().where()).contains(VALUE);
            see.accept(csv);
            see.accept(thrown(() -> client.bulkInsert("checked", List.of("token"),
                    List.<Object[]>of(new Object[] {VALUE})), "23514"));
            see.accept(thrown(() -> client.bulkInsert("checked", List.of("token"), manyRowsEndingWith(VALUE)),
                    "23514"));
            see.accept(thrown(() -> client.copy().bulkUpsert("checked", List.of("token"),
                    List.<Object[]>of(new Object[] {VALUE}), List.of("token"), List.of()), "23514"));
            see.accept(thrown(() -> client.copy().bulkUpsert("checked", List.of("token"), manyRowsEndingWith(VALUE),
                    List.of("token"), List.of()), "23514"));
            assertThat(client.queryValue("SELECT count(*) FROM checked", Long.class)).as("nothing written").isZero();
            watch.assertNoneOf(SECRETS);
        }
    }

    private static List<Object[]> manyRowsEndingWith(String last) {
        List<Object[]> rows = new ArrayList<>();
        for (int i = 0; i < 1_200; i++) {
            rows.add(new Object[] {"ok-" + i});
        }
        rows.add(new Object[] {last});
        return rows;
    }

    private static TuskException thrown(org.assertj.core.api.ThrowableAssert.ThrowingCallable call, String sqlState) {
        TuskException failure = (TuskException) assertThatThrownBy(call).isInstanceOf(TuskException.class).actual();
        assertThat(failure.sqlState()).isEqualTo(sqlState);
        return failure;
    }
}
