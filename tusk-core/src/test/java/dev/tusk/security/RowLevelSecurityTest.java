package dev.tusk.security;

import dev.tusk.Database;
import dev.tusk.SerializationFailureException;
import dev.tusk.Tusk;
import dev.tusk.TuskClient;
import dev.tusk.TuskException;
import dev.tusk.config.TuskConfig;
import dev.tusk.testing.ManagedPostgres;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * Row-level security through tenant contexts, against a real policy on a table with FORCE ROW LEVEL SECURITY, queried
 * by a login role that owns the table but is no superuser (superusers bypass RLS, owners do too without FORCE).
 */
class RowLevelSecurityTest {

    private static final String SETTING = "SELECT current_setting('app.tenant_id', true)";
    private static final String BACKEND = "SELECT pg_backend_pid()";

    private static ManagedPostgres server;

    @BeforeAll
    static void startServer() {
        server = ManagedPostgres.builder().label("rls").start();
        server.execute("CREATE ROLE tenant_app LOGIN; CREATE ROLE tenant_reader NOLOGIN; "
                + "GRANT tenant_reader TO tenant_app");
    }

    @AfterAll
    static void stopServer() {
        server.close();
    }

    @BeforeEach
    void createPolicy() {
        // As the superuser, who bypasses the policy, so the rows of both tenants can be laid down and checked.
        server.execute("DROP TABLE IF EXISTS note; "
                + "CREATE TABLE note (id int PRIMARY KEY, tenant_id text NOT NULL, body text NOT NULL); "
                + "ALTER TABLE note OWNER TO tenant_app; "
                + "ALTER TABLE note ENABLE ROW LEVEL SECURITY; ALTER TABLE note FORCE ROW LEVEL SECURITY; "
                + "CREATE POLICY tenant_isolation ON note "
                + "USING (tenant_id = current_setting('app.tenant_id', true)) "
                + "WITH CHECK (tenant_id = current_setting('app.tenant_id', true)); "
                + "GRANT SELECT ON note TO tenant_reader; "
                + "INSERT INTO note VALUES (1, 'a', 'a1'), (2, 'a', 'a2'), (3, 'b', 'b1')");
    }

    /** A client logged in as the non-superuser owner, over a pool of exactly one connection. */
    private static TuskClient connectWithOneConnection() {
        return Tusk.connect(TuskConfig.fromUrl("postgresql://tenant_app@127.0.0.1:" + server.port() + "/postgres")
                .toBuilder().poolMinSize(1).poolMaxSize(1).build());
    }

    /** The notes as the superuser sees them, policy or not. */
    private static List<String> allBodies() {
        try (TuskClient superuser = Tusk.connect(server.url("postgres"))) {
            return superuser.query("SELECT tenant_id || ':' || body FROM note ORDER BY id", String.class);
        }
    }

    @Test
    void shouldShowEachTenantOnlyItsOwnRows() {
        try (TuskClient client = connectWithOneConnection()) {
            assertThat(client.asTenant("a").query("SELECT body FROM note ORDER BY id", String.class))
                    .containsExactly("a1", "a2");
            assertThat(client.asTenant("b").query("SELECT body FROM note ORDER BY id", String.class))
                    .containsExactly("b1");
            long countedInTransaction = client.asTenant("a")
                    .inTransaction(tx -> tx.queryValue("SELECT count(*) FROM note", Long.class));
            assertThat(countedInTransaction).isEqualTo(2L);
            assertThat(client.query("SELECT body FROM note", String.class)).isEmpty();
        }
    }

    @Test
    void shouldNotLetATenantChangeAnotherTenantsRows() {
        try (TuskClient client = connectWithOneConnection()) {
            Database tenantB = client.asTenant("b");
            assertThat(tenantB.execute("UPDATE note SET body = 'stolen' WHERE tenant_id = 'a'")).isZero();
            assertThat(tenantB.execute("DELETE FROM note WHERE id = 1")).isZero();
            assertThatThrownBy(() -> tenantB.execute("INSERT INTO note VALUES (4, 'a', 'planted')"))
                    .isInstanceOfSatisfying(TuskException.class, e -> assertThat(e.sqlState()).isEqualTo("42501"));
            assertThat(tenantB.execute("UPDATE note SET body = 'b1 edited' WHERE id = 3")).isEqualTo(1);
            assertThat(allBodies()).containsExactly("a:a1", "a:a2", "b:b1 edited");
        }
    }

    @Test
    void shouldLeaveNoTenantOnTheOneConnectionBetweenTenants() {
        try (TuskClient client = connectWithOneConnection()) {
            int backend = client.queryValue(BACKEND, Integer.class);
            List<String> seenByA = client.asTenant("a").inTransaction(tx -> {
                assertThat(tx.queryValue(BACKEND, Integer.class)).isEqualTo(backend);
                assertThat(tx.queryValue(SETTING, String.class)).isEqualTo("a");
                return tx.query("SELECT body FROM note ORDER BY id", String.class);
            });
            assertThat(seenByA).containsExactly("a1", "a2");
            List<String> seenByB = client.asTenant("b").inTransaction(tx -> {
                assertThat(tx.queryValue(BACKEND, Integer.class)).isEqualTo(backend);
                assertThat(tx.queryValue(SETTING, String.class)).isEqualTo("b");
                return tx.query("SELECT body FROM note ORDER BY id", String.class);
            });
            assertThat(seenByB).containsExactly("b1");
            // The same backend, now working for nobody: the setting reads empty and the policy shows nothing.
            assertThat(client.queryValue(BACKEND, Integer.class)).isEqualTo(backend);
            assertThat(client.queryValue(SETTING, String.class)).isEmpty();
            assertThat(client.queryValue("SELECT count(*) FROM note", Long.class)).isZero();
        }
    }

    @Test
    void shouldDropTheTenantWhenTheCallbackThrowsHalfway() {
        try (TuskClient client = connectWithOneConnection()) {
            int backend = client.queryValue(BACKEND, Integer.class);
            IllegalStateException halfway = new IllegalStateException("halfway");
            assertThatThrownBy(() -> client.asTenant("a").useTransaction(tx -> {
                tx.execute("INSERT INTO note VALUES (5, 'a', 'half done')");
                throw halfway;
            })).isSameAs(halfway);
            assertThat(client.queryValue(BACKEND, Integer.class)).isEqualTo(backend);
            assertThat(client.queryValue(SETTING, String.class)).isEmpty();
            assertThat(client.query("SELECT body FROM note", String.class)).isEmpty();
            assertThat(allBodies()).containsExactly("a:a1", "a:a2", "b:b1");
        }
    }

    @Test
    void shouldApplyTheTenantAgainOnEveryRerun() {
        try (TuskClient client = connectWithOneConnection()) {
            int backend = client.queryValue(BACKEND, Integer.class);
            long rerunsBefore = client.resilienceStats().transactionReruns();
            AtomicInteger runs = new AtomicInteger();
            List<String> settingSeen = new java.util.ArrayList<>();
            List<String> bodies = client.asTenant("b").inTransaction(tx -> {
                settingSeen.add(tx.queryValue(SETTING, String.class));
                if (runs.incrementAndGet() == 1) {
                    // A serialization failure rolls the first run back, settings and all; Tusk runs the callback again.
                    tx.execute("DO $$ BEGIN RAISE EXCEPTION 'conflict' USING ERRCODE = '40001'; END $$");
                }
                return tx.query("SELECT body FROM note ORDER BY id", String.class);
            });
            assertThat(runs).hasValue(2);
            assertThat(settingSeen).containsExactly("b", "b");
            assertThat(bodies).containsExactly("b1");
            assertThat(client.resilienceStats().transactionReruns()).isEqualTo(rerunsBefore + 1);
            assertThat(client.queryValue(BACKEND, Integer.class)).isEqualTo(backend);
            assertThat(client.queryValue(SETTING, String.class)).isEmpty();
        }
    }

    @Test
    void shouldTakeTheRoleForTheTransactionOnly() {
        try (TuskClient client = connectWithOneConnection()) {
            Database reader = client.asTenant(TenantContext.of("a").withRole("tenant_reader"));
            assertThat(reader.queryValue("SELECT current_user", String.class)).isEqualTo("tenant_reader");
            assertThat(reader.query("SELECT body FROM note ORDER BY id", String.class)).containsExactly("a1", "a2");
            // The reader has SELECT only: the refusal shows the role, not the login role, was in effect.
            assertThatThrownBy(() -> reader.execute("UPDATE note SET body = 'x' WHERE id = 1"))
                    .isInstanceOfSatisfying(TuskException.class, e -> assertThat(e.sqlState()).isEqualTo("42501"));
            assertThat(client.queryValue("SELECT current_user", String.class)).isEqualTo("tenant_app");
            assertThat(client.queryValue("SELECT current_setting('role')", String.class)).isEqualTo("none");
            assertThat(client.queryValue(SETTING, String.class)).isEmpty();
        }
    }

    @Test
    void shouldRefuseARoleTheLoginRoleIsNotAMemberOf() {
        server.execute("DROP ROLE IF EXISTS stranger; CREATE ROLE stranger NOLOGIN");
        try (TuskClient client = connectWithOneConnection()) {
            assertThatThrownBy(() -> client.asTenant(TenantContext.of("a").withRole("stranger"))
                    .queryValue("SELECT count(*) FROM note", Long.class))
                    .isInstanceOfSatisfying(TuskException.class, e -> assertThat(e.sqlState()).isEqualTo("42501"));
            // The refused transaction was rolled back: the one connection works on, for nobody.
            assertThat(client.queryValue("SELECT current_user", String.class)).isEqualTo("tenant_app");
            assertThat(client.queryValue(SETTING, String.class)).isNullOrEmpty();
        }
    }

    @Test
    void shouldPutTheTenantInTheNamedSetting() {
        try (TuskClient client = connectWithOneConnection()) {
            Database org = client.asTenant(TenantContext.of("org-7").withSetting("app.org_id"));
            assertThat(org.queryValue("SELECT current_setting('app.org_id', true)", String.class)).isEqualTo("org-7");
            // app.tenant_id is left alone, so the note policy shows nothing.
            assertThat(org.queryValue("SELECT count(*) FROM note", Long.class)).isZero();
            assertThat(client.queryValue("SELECT current_setting('app.org_id', true)", String.class)).isEmpty();
        }
    }

    @Test
    void shouldBindAHostileTenantIdAsAParameter() {
        String hostile = "a' OR '1'='1'; DROP TABLE note; --";
        try (TuskClient client = connectWithOneConnection()) {
            Database tenant = client.asTenant(hostile);
            assertThat(tenant.queryValue(SETTING, String.class)).isEqualTo(hostile);
            assertThat(tenant.query("SELECT body FROM note", String.class)).isEmpty();
            assertThat(tenant.execute("UPDATE note SET body = 'x'")).isZero();
            assertThat(client.tableExists("note")).isTrue();
            assertThat(allBodies()).containsExactly("a:a1", "a:a2", "b:b1");
        }
    }

    @Test
    void shouldStreamOnlyTheTenantsRowsAndDropTheTenantOnClose() {
        try (TuskClient client = connectWithOneConnection()) {
            Database tenantA = client.asTenant("a");
            try (Stream<String> bodies = tenantA.stream("SELECT body FROM note ORDER BY id", row -> row.getString("body"))) {
                assertThat(bodies).containsExactly("a1", "a2");
            }
            assertThat(client.queryValue(SETTING, String.class)).isEmpty();
            List<String> seen = new java.util.ArrayList<>();
            client.asTenant("b").forEach("SELECT body FROM note", row -> row.getString("body"), seen::add);
            assertThat(seen).containsExactly("b1");
        }
    }

    @Test
    void shouldRefuseAnotherTenantInsideAnOpenTransaction() {
        try (TuskClient client = connectWithOneConnection()) {
            assertThatThrownBy(() -> client.asTenant("a").inTransaction(tx ->
                    client.asTenant("b").queryValue("SELECT count(*) FROM note", Long.class)))
                    .isInstanceOf(IllegalStateException.class)
                    .hasMessageContaining("cannot change the tenant");
            assertThatThrownBy(() -> client.inTransaction(tx ->
                    client.asTenant("a").queryValue("SELECT count(*) FROM note", Long.class)))
                    .isInstanceOf(IllegalStateException.class)
                    .hasMessageContaining("no tenant");
            // The same tenant joins as a savepoint, on the same connection.
            long joined = client.asTenant("a").inTransaction(tx ->
                    client.asTenant("a").queryValue("SELECT count(*) FROM note", Long.class));
            assertThat(joined).isEqualTo(2L);
        }
    }
}
