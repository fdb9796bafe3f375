package dev.tusk.query;

import dev.tusk.QueryException;
import dev.tusk.RowMapper;
import dev.tusk.Tusk;
import dev.tusk.TuskClient;
import dev.tusk.testing.TestDatabase;
import dev.tusk.testing.junit.WithPostgres;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** Every query method takes the SQL first, then a mapper or a Class, then the parameters. */
@WithPostgres
class QueryFormsTest {

    record Pet(long id, String name) {
    }

    private static final RowMapper<Pet> PET = row -> new Pet(row.getLong("id"), row.getString("name"));

    private static TuskClient client;

    @BeforeAll
    static void open(TestDatabase database) {
        client = Tusk.connect(database.url());
        client.execute("CREATE TABLE pet (id bigint PRIMARY KEY, name text NOT NULL)");
        client.execute("INSERT INTO pet VALUES (1, 'Rex'), (2, 'Tom'), (3, 'Kit')");
    }

    @AfterAll
    static void close() {
        client.close();
    }

    @Test
    void shouldTakeAClassAfterTheSqlAndTheStringParametersAfterIt() {
        // A String parameter after String.class must bind as a parameter, not be taken for the SQL or the mapper.
        assertThat(client.query("SELECT ?::text || ?::text", String.class, "x", "y")).containsExactly("xy");
        assertThat(client.queryOne("SELECT upper(?::text)", String.class, "x")).isEqualTo("X");
        assertThat(client.queryValue("SELECT ?::text", String.class, "x")).isEqualTo("x");
        assertThat(client.queryOptional("SELECT ?::text", String.class, "x")).contains("x");
        assertThat(client.query("SELECT * FROM pet WHERE name = ?", Pet.class, "Tom")).containsExactly(new Pet(2, "Tom"));
    }

    @Test
    void shouldOfferMapperAndClassFormsOnQueryQueryOneAndQueryOptional() {
        assertThat(client.query("SELECT * FROM pet WHERE id < ? ORDER BY id", PET, 3L))
                .isEqualTo(client.query("SELECT * FROM pet WHERE id < ? ORDER BY id", Pet.class, 3L));
        assertThat(client.queryOne("SELECT * FROM pet WHERE id = ?", PET, 1L))
                .isEqualTo(client.queryOne("SELECT * FROM pet WHERE id = ?", Pet.class, 1L));
        assertThat(client.queryOptional("SELECT * FROM pet WHERE id = ?", PET, 3L)).contains(new Pet(3, "Kit"));
        assertThat(client.queryOptional("SELECT * FROM pet WHERE id = ?", PET, 99L)).isEmpty();
    }

    @Test
    void shouldRefuseMoreThanOneRowInQueryOptionalWithAMapper() {
        assertThatThrownBy(() -> client.queryOptional("SELECT * FROM pet", PET))
                .isInstanceOf(QueryException.class)
                .hasMessageContaining("expected at most one row but the query returned 3");
    }

    @Test
    void shouldStreamAndVisitRowsMappedToAClass() {
        try (Stream<Pet> pets = client.stream("SELECT * FROM pet WHERE id > ? ORDER BY id", Pet.class, 1L)) {
            assertThat(pets).containsExactly(new Pet(2, "Tom"), new Pet(3, "Kit"));
        }
        List<String> names = new ArrayList<>();
        client.forEach("SELECT name FROM pet WHERE name <> ? ORDER BY id", String.class, names::add, "Tom");
        assertThat(names).containsExactly("Rex", "Kit");
        List<Pet> inTransaction = client.inTransaction(tx -> {
            List<Pet> seen = new ArrayList<>();
            tx.forEach("SELECT * FROM pet ORDER BY id", Pet.class, seen::add);
            return seen;
        });
        assertThat(inTransaction).extracting(Pet::name).containsExactly("Rex", "Tom", "Kit");
    }

    @Test
    void shouldOfferTheClassFormsOnTenantAndReadOnlyViews() {
        assertThat(client.readOnly().queryOptional("SELECT * FROM pet WHERE id = ?", PET, 2L)).contains(new Pet(2, "Tom"));
        try (Stream<String> names = client.asTenant("t1").stream("SELECT name FROM pet ORDER BY id", String.class)) {
            assertThat(names).containsExactly("Rex", "Tom", "Kit");
        }
        List<Long> ids = new ArrayList<>();
        client.asTenant("t1").forEach("SELECT id FROM pet ORDER BY id", Long.class, ids::add);
        assertThat(ids).containsExactly(1L, 2L, 3L);
        Optional<Pet> none = client.asTenant("t1").queryOptional("SELECT * FROM pet WHERE id = 0", PET);
        assertThat(none).isEmpty();
    }

    @Test
    void shouldRefuseANullClassOrMapperNamingIt() {
        assertThatThrownBy(() -> client.stream("SELECT 1", (Class<Long>) null))
                .isInstanceOf(NullPointerException.class)
                .hasMessageContaining("type");
        assertThatThrownBy(() -> client.queryOptional("SELECT 1", (RowMapper<Long>) null))
                .isInstanceOf(NullPointerException.class)
                .hasMessageContaining("mapper");
    }

    @Test
    void shouldAcceptAStatementThatReturnsRowsInExecuteAndReturnItsRowCount() {
        // pgx's Exec and asyncpg's execute accept these; PgJDBC's executeUpdate refuses them.
        assertThat(client.execute("SELECT * FROM pet WHERE id > ?", 1L)).isEqualTo(2);
        assertThat(client.execute("SELECT pg_advisory_lock(?)", 42L)).isEqualTo(1);
        assertThat(client.execute("SELECT pg_advisory_unlock(?)", 42L)).isEqualTo(1);
        assertThat(client.execute("SELECT 1 WHERE false")).isZero();
        long inserted = client.inTransaction(tx -> tx.execute(
                "INSERT INTO pet VALUES (?, ?), (?, ?) RETURNING id", 10L, "Ann", 11L, "Bob"));
        assertThat(inserted).isEqualTo(2);
        assertThat(client.queryValue("SELECT count(*) FROM pet WHERE id >= 10", Long.class)).isEqualTo(2L);
        assertThat(client.execute("DELETE FROM pet WHERE id >= ? RETURNING name", 10L)).isEqualTo(2);
        assertThat(client.execute("CREATE TEMP TABLE scratch (id int)")).isZero();
    }

    @Test
    void shouldStillReportAFailingRowReturningStatementInExecute() {
        assertThatThrownBy(() -> client.execute("SELECT * FROM no_such_table"))
                .isInstanceOf(dev.tusk.UndefinedTableException.class)
                .hasMessageContaining("no_such_table");
    }

    @Test
    void shouldRunTheJsonbKeyOperatorsWrittenWithADoubledQuestionMark() {
        Json doc = Json.of("{\"a\": 1, \"b\": 2}");
        assertThat(client.queryValue("SELECT ?::jsonb ?? ?", Boolean.class, doc, "a")).isTrue();
        assertThat(client.queryValue("SELECT ?::jsonb ?? ?", Boolean.class, doc, "z")).isFalse();
        assertThat(client.queryValue("SELECT ?::jsonb ??| ?", Boolean.class, doc, new String[] {"z", "b"})).isTrue();
        assertThat(client.queryValue("SELECT ?::jsonb ??& ?", Boolean.class, doc, new String[] {"a", "z"})).isFalse();
        // Without parameters the rule is the same, so adding one never changes how the rest of the SQL reads.
        assertThat(client.queryValue("SELECT '{\"a\": 1}'::jsonb ?? 'a'", Boolean.class)).isTrue();
    }

    @Test
    void shouldRunTheJsonbKeyFunctionsThatNeedNoEscaping() {
        Json doc = Json.of("{\"a\": 1, \"b\": 2}");
        assertThat(client.queryValue("SELECT jsonb_exists(?::jsonb, ?)", Boolean.class, doc, "b")).isTrue();
        assertThat(client.queryValue("SELECT jsonb_exists_any(?::jsonb, ?)", Boolean.class, doc,
                new String[] {"z", "a"})).isTrue();
        assertThat(client.queryValue("SELECT jsonb_exists_all(?::jsonb, ?)", Boolean.class, doc,
                new String[] {"a", "b"})).isTrue();
    }

    @Test
    void shouldSayHowToWriteAJsonbOperatorWhenASingleQuestionMarkIsTakenForAParameter() {
        Json doc = Json.of("{\"a\": 1}");
        assertThatThrownBy(() -> client.queryValue("SELECT ?::jsonb ? 'a'", Boolean.class, doc))
                .isInstanceOf(QueryException.class)
                .hasMessageContaining("No value specified for parameter 2")
                .hasMessageContaining("write the jsonb operators ?, ?| and ?& as ??, ??| and ??&");
    }
}
