package dev.tusk.security;

import dev.tusk.ProgressListener;
import dev.tusk.Tusk;
import dev.tusk.TuskClient;
import dev.tusk.TuskException;
import dev.tusk.config.TuskConfig;
import dev.tusk.copy.CopyIn;
import dev.tusk.copy.CopyOutSource;
import dev.tusk.copy.CsvOptions;
import dev.tusk.testing.TestDatabase;
import dev.tusk.testing.junit.WithPostgres;
import org.junit.jupiter.api.Test;

import java.io.StringReader;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowable;

/**
 * Hostile names and values (quotes, semicolons, NUL, half a surrogate pair, 1 MB) given to COPY, bulk work,
 * introspection and the audit log: names are refused with a message that says what was refused without echoing a
 * NUL or a 1 MB string, text PostgreSQL cannot hold is refused on every path, the database is left as it was, and
 * text it can hold (1 MB, quotes, semicolons) is stored verbatim on every path.
 */
@WithPostgres
class HostileInputTest {

    private static final String MEGA = "x".repeat(1 << 20);
    private static final Map<String, String> NAMES = new LinkedHashMap<>();

    static {
        NAMES.put("quotes", "ta\"ble'");
        NAMES.put("semicolon", "t; DROP TABLE victim; --");
        NAMES.put("nul", "t\0x");
        NAMES.put("lone surrogate", "t\uD800x");
        NAMES.put("1 MB", MEGA);
    }

    private static TuskConfig config(TestDatabase database) {
        return TuskConfig.fromUrl(database.url()).toBuilder().auditEnabled(true).build();
    }

    /** What the database holds that a hostile call could change: its relations and the victim's rows. */
    private static List<String> snapshot(TuskClient client) {
        List<String> state = new ArrayList<>(client.query("SELECT relname::text FROM pg_class "
                + "WHERE relnamespace = 'public'::regnamespace AND relname NOT LIKE 'tusk_audit%' ORDER BY 1", String.class));
        state.add("victim rows " + client.queryValue("SELECT count(*) FROM victim", Long.class));
        state.add("victim digest " + client.queryValue("SELECT md5(coalesce(string_agg(id || ':' || t, ',' ORDER BY id), '')) FROM victim",
                String.class));
        return state;
    }

    private static void createVictim(TuskClient client) {
        client.execute("CREATE TABLE victim (id int PRIMARY KEY, t text)");
        client.execute("INSERT INTO victim VALUES (1, 'one'), (2, 'two')");
    }

    @Test
    void shouldRefuseHostileTableAndColumnNamesNamingWhatWasRefusedAndChangeNothing(TestDatabase database) {
        try (LeakWatch watch = LeakWatch.start(); TuskClient client = Tusk.connect(config(database))) {
            createVictim(client);
            List<String> before = snapshot(client);
            Map<String, Consumer<String>> byTable = new LinkedHashMap<>();
            byTable.put("copyIn", name -> client.copy().copyIn(name, List.of("id"), List.<Object[]>of(new Object[] {9})));
            byTable.put("copyInCsv", name -> client.copy().copyInCsv(name, List.of("id"), new StringReader("9\n"),
                    CsvOptions.csv(), ProgressListener.NONE));
            byTable.put("bulkInsert", name -> client.bulkInsert(name, List.of("id"), List.<Object[]>of(new Object[] {9})));
            byTable.put("bulkUpsert", name -> client.copy().bulkUpsert(name, List.of("id"), List.<Object[]>of(new Object[] {9}),
                    List.of("id"), List.of()));
            byTable.put("tableInfo", client::tableInfo);
            byTable.put("copyOut", name -> client.copyOut(CopyOutSource.table(name)).toList());
            Map<String, Consumer<String>> byColumn = new LinkedHashMap<>();
            byColumn.put("copyIn", name -> client.copy().copyIn("victim", List.of("id", name),
                    List.<Object[]>of(new Object[] {9, "nine"})));
            byColumn.put("copyInCsv", name -> client.copy().copyInCsv("victim", List.of("id", name),
                    new StringReader("9,nine\n"), CsvOptions.csv(), ProgressListener.NONE));
            byColumn.put("bulkInsert", name -> client.bulkInsert("victim", List.of("id", name),
                    List.<Object[]>of(new Object[] {9, "nine"})));
            byColumn.put("bulkUpsert conflict", name -> client.copy().bulkUpsert("victim", List.of("id", "t"),
                    List.<Object[]>of(new Object[] {9, "nine"}), List.of(name), List.of()));
            byColumn.put("copyOut", name -> client.copyOut(CopyOutSource.table("victim", List.of(name))).toList());
            for (Map.Entry<String, String> name : NAMES.entrySet()) {
                for (Map.Entry<String, Consumer<String>> call : byTable.entrySet()) {
                    refused(watch, call.getKey() + " of table " + name.getKey(), "table", () -> call.getValue()
                            .accept(name.getValue()));
                }
                for (Map.Entry<String, Consumer<String>> call : byColumn.entrySet()) {
                    refused(watch, call.getKey() + " of column " + name.getKey(), "column", () -> call.getValue()
                            .accept(name.getValue()));
                }
                if (!name.getKey().equals("quotes") && !name.getKey().equals("semicolon")) {
                    refused(watch, "tableExists of " + name.getKey(), "table", () -> client.tableExists(name.getValue()));
                } else {
                    assertThat(client.tableExists(name.getValue())).as(name.getKey()).isFalse();
                }
            }
            assertThat(snapshot(client)).isEqualTo(before);
            List<String> everything = watch.everything();
            assertThat(everything).noneMatch(text -> text.contains("\0"))
                    .noneMatch(text -> text.contains(MEGA.substring(0, 1000)));
        }
    }

    @Test
    void shouldRefuseATableNameTheServerWouldCutToAnotherTablesName(TestDatabase database) {
        String kept = "t".repeat(63);
        String longer = kept + "_and_more";
        try (TuskClient client = Tusk.connect(config(database))) {
            client.execute("CREATE TABLE " + kept + " (id int)");
            // The server cuts a name to 63 bytes: the longer name would find the 63-byte table.
            assertThat(client.queryValue("SELECT to_regclass(?)::text", String.class, longer)).isEqualTo(kept);
            for (Runnable call : List.<Runnable>of(() -> client.tableInfo(longer), () -> client.tableExists(longer),
                    () -> client.copy().copyIn(longer, List.of("id"), List.<Object[]>of(new Object[] {1})),
                    () -> client.bulkInsert(longer, List.of("id"), List.<Object[]>of(new Object[] {1})),
                    () -> client.bulkInsert("public." + longer, List.of("id"), List.<Object[]>of(new Object[] {1})))) {
                assertThatThrownBy(call::run).isInstanceOf(IllegalArgumentException.class)
                        .hasMessageContaining("a part of 72 bytes, longer than the 63 bytes of a PostgreSQL name");
            }
            assertThat(client.queryValue("SELECT count(*) FROM " + kept, Long.class)).isZero();
            assertThat(client.tableExists(kept)).isTrue();
        }
    }

    private static void refused(LeakWatch watch, String what, String naming, Runnable call) {
        Throwable failure = catchThrowable(call::run);
        assertThat(failure).as(what).isInstanceOfAny(IllegalArgumentException.class, TuskException.class);
        assertThat(failure.getMessage()).as(what).contains(naming).doesNotContain("\0").hasSizeLessThan(1000);
        watch.seeFailure(failure);
    }

    @Test
    void shouldStoreLongAndQuotedTextVerbatimOnEveryPath(TestDatabase database) {
        String hostile = "it's \"quoted\"; DROP TABLE victim; -- \\ back\\slash,comma\nnew line\r\ttab ünï 𝄞 ";
        String mega = hostile.repeat((1 << 20) / hostile.length() + 1);
        assertThat(mega.length()).isGreaterThan(1 << 20);
        try (TuskClient client = Tusk.connect(config(database))) {
            createVictim(client);
            for (String value : List.of(hostile, mega)) {
                client.execute("DELETE FROM victim WHERE id > 2");
                client.execute("INSERT INTO victim VALUES (?, ?)", 10, value);
                client.copy().copyIn("victim", List.of("id", "t"), List.<Object[]>of(new Object[] {11, value}));
                client.copy().copyInCsv("victim", List.of("id", "t"), new StringReader("12,\""
                        + value.replace("\"", "\"\"") + "\"\n"), CsvOptions.csv(), ProgressListener.NONE);
                client.bulkInsert("victim", List.of("id", "t"), List.<Object[]>of(new Object[] {13, value}));
                List<Object[]> many = new ArrayList<>();
                for (int i = 0; i < 1_000; i++) {
                    many.add(new Object[] {1_000 + i, "filler"});
                }
                many.add(new Object[] {14, value});
                client.bulkInsert("victim", List.of("id", "t"), many);
                client.copy().bulkUpsert("victim", List.of("id", "t"), List.<Object[]>of(new Object[] {15, value}),
                        List.of("id"), List.of("t"));
                client.inTransaction(tx -> tx.copy().copyIn("victim").columns(List.of("id", "t"))
                        .from(List.<Object[]>of(new Object[] {16, value})));
                assertThat(client.query("SELECT id FROM victim WHERE t = ? ORDER BY id", Integer.class, value))
                        .as("stored verbatim, compared by the server").containsExactly(10, 11, 12, 13, 14, 15, 16);
                assertThat(client.queryValue("SELECT t FROM victim WHERE id = 14", String.class)).isEqualTo(value);
            }
            assertThat(client.query("SELECT relname::text FROM pg_class WHERE relname = 'victim'", String.class))
                    .containsExactly("victim");
        }
    }

    @Test
    void shouldRefuseTextPostgresCannotHoldOnEveryPathAndChangeNothing(TestDatabase database) {
        // Staging: outside development no message may quote the value, so none may carry the NUL either.
        TuskConfig staging = config(database).toBuilder().profile(dev.tusk.config.Profile.STAGING).build();
        try (LeakWatch watch = LeakWatch.start(); TuskClient client = Tusk.connect(staging)) {
            createVictim(client);
            List<String> before = snapshot(client);
            for (String value : List.of("nul\0inside", "half\uD800pair", "low\uDC00first")) {
                List<Runnable> calls = new ArrayList<>(List.of(
                        () -> client.execute("INSERT INTO victim VALUES (?, ?)", 10, value),
                        () -> client.copy().copyIn("victim", List.of("id", "t"), List.<Object[]>of(new Object[] {11, value})),
                        () -> client.bulkInsert("victim", List.of("id", "t"), List.<Object[]>of(new Object[] {13, value})),
                        () -> client.bulkInsert("victim", List.of("id", "t"), manyEndingWith(value)),
                        () -> client.copy().bulkUpsert("victim", List.of("id", "t"), List.<Object[]>of(new Object[] {15, value}),
                                List.of("id"), List.of("t")),
                        () -> client.inTransaction(tx -> tx.execute("INSERT INTO victim VALUES (?, ?)", 16, value))));
                if (value.contains("\0")) {
                    // A Reader's text reaches the server as it is; the server refuses the NUL byte, naming the line.
                    calls.add(() -> client.copy().copyInCsv("victim", List.of("id", "t"),
                            new StringReader("12," + value + "\n"), CsvOptions.csv(), ProgressListener.NONE));
                }
                for (Runnable call : calls) {
                    Throwable failure = catchThrowable(call::run);
                    assertThat(failure).as(value.substring(0, 3)).isInstanceOfAny(IllegalArgumentException.class,
                            TuskException.class);
                    assertThat(failure.getMessage()).doesNotContain("\0").doesNotContain(value)
                            .containsAnyOf("NUL", "surrogate", "0x00", "<bytes hidden>", "U+0000");
                    watch.seeFailure(failure);
                }
            }
            assertThat(snapshot(client)).isEqualTo(before);
            assertThat(watch.everything()).noneMatch(text -> text.contains("\0"));
        }
    }

    private static List<Object[]> manyEndingWith(String value) {
        List<Object[]> rows = new ArrayList<>();
        for (int i = 0; i < 1_000; i++) {
            rows.add(new Object[] {1_000 + i, "filler"});
        }
        rows.add(new Object[] {14, value});
        return rows;
    }

    @Test
    void shouldRefuseAuditTextTheTableCannotHoldAndStoreTheRestVerbatim(TestDatabase database) {
        String longPrincipal = "al'ice\"; DROP TABLE victim; --\n".repeat(40_000);
        try (LeakWatch watch = LeakWatch.start(); TuskClient client = Tusk.connect(config(database))) {
            createVictim(client);
            List<String> before = snapshot(client);
            long queued = client.audit().queued();
            List<Map.Entry<String, Runnable>> hostile = List.of(
                    Map.entry("type", () -> client.audit().record("login; DROP TABLE victim", "alice", true, Map.of())),
                    Map.entry("type", () -> client.audit().record("t\0x", "alice", true, Map.of())),
                    Map.entry("type", () -> client.audit().record(MEGA, "alice", true, Map.of())),
                    Map.entry("principal", () -> client.audit().record("login", "al\0ice", true, Map.of())),
                    Map.entry("principal", () -> client.audit().record("login", "al\uD800ice", true, Map.of())),
                    Map.entry("details key", () -> client.audit().record("login", "alice", true, Map.of("k\0", "v"))),
                    Map.entry("details value", () -> client.audit().record("login", "alice", true,
                            Map.of("k", "\uDC00"))));
            for (Map.Entry<String, Runnable> call : hostile) {
                assertThatThrownBy(call.getValue()::run).isInstanceOf(IllegalArgumentException.class)
                        .hasMessageContaining(call.getKey())
                        .satisfies(e -> assertThat(e.getMessage()).doesNotContain("\0").hasSizeLessThan(300));
            }
            for (String name : List.of("audit; DROP TABLE victim", "a\0b", MEGA, "\"Quoted\"")) {
                assertThatThrownBy(() -> TuskConfig.builder().auditTable(name)).hasMessageContaining("auditTable")
                        .satisfies(e -> assertThat(e.getMessage()).doesNotContain("\0").hasSizeLessThan(300));
                assertThatThrownBy(() -> TuskConfig.builder().auditSchema(name)).hasMessageContaining("auditSchema")
                        .satisfies(e -> assertThat(e.getMessage()).doesNotContain("\0").hasSizeLessThan(300));
            }
            assertThat(client.audit().queued()).as("nothing refused was queued").isEqualTo(queued);

            Map<String, String> details = new LinkedHashMap<>();
            details.put("quote\"key", "val'ue; DROP TABLE victim; --\n\\");
            details.put("long", MEGA);
            client.audit().record("login.hostile", longPrincipal, false, details);
            assertThat(client.audit().flush(Duration.ofSeconds(30))).isTrue();
            assertThat(client.queryValue("SELECT principal = ? AND details->>'quote\"key' = ? "
                            + "AND details->>'long' = ? FROM tusk_audit WHERE type = 'login.hostile'", Boolean.class, longPrincipal,
                    "val'ue; DROP TABLE victim; --\n\\", MEGA)).as("stored verbatim").isTrue();
            assertThat(snapshot(client)).isEqualTo(before);
            String log = String.join("\n", watch.everything());
            assertThat(log.lines().filter(line -> line.contains("type=login.hostile")).toList()).singleElement()
                    .satisfies(line -> assertThat(line).hasSizeLessThan(2_000)
                            .contains("principal=\"al'ice\\\"; DROP TABLE victim; --\\nal'ice", "characters)"));
        }
    }
}
