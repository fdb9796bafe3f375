package dev.tusk.interop;

import dev.tusk.Tusk;
import dev.tusk.TuskClient;
import dev.tusk.TuskException;
import dev.tusk.UniqueViolationException;
import dev.tusk.config.Profile;
import dev.tusk.config.TuskConfig;
import dev.tusk.testing.TestDatabase;
import dev.tusk.testing.junit.WithPostgres;
import org.jdbi.v3.core.Jdbi;
import org.jdbi.v3.core.statement.StatementExceptions;
import org.jdbi.v3.core.statement.UnableToExecuteStatementException;
import org.jooq.DSLContext;
import org.jooq.SQLDialect;
import org.jooq.exception.DataAccessException;
import org.jooq.impl.DSL;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowable;

/**
 * Tusk keeps parameter values out of its exceptions outside the development profile; jOOQ's and Jdbi's exceptions are
 * their own and get none of that. What the pool does for them (PgJDBC's {@code logServerErrorDetail=false}) keeps
 * the server's detail line out, no more.
 */
@WithPostgres
class InteropErrorMessagesTest {

    private static final String VALUE = "val-7Qz-sensitive-0412";

    private static TuskClient connect(TestDatabase database) {
        TuskClient client = Tusk.connect(TuskConfig.fromUrl(database.url()).toBuilder().profile(Profile.STAGING)
                .poolMinSize(1).build());
        client.execute("CREATE TABLE token (value text PRIMARY KEY)");
        client.execute("INSERT INTO token VALUES (?)", VALUE);
        return client;
    }

    /** Every message in {@code failure}'s cause chain, where a value could surface in a log line. */
    private static String messages(Throwable failure) {
        List<String> all = new ArrayList<>();
        for (Throwable cause = failure; cause != null; cause = cause.getCause()) {
            all.add(String.valueOf(cause.getMessage()));
        }
        return String.join(" | ", all);
    }

    @Test
    void shouldShowAValueTheServerQuotesInJooqAndJdbiExceptionsButNotInTusks(TestDatabase database) {
        try (TuskClient client = connect(database)) {
            // The server's primary message quotes the input: invalid input syntax for type integer: "val-…".
            Throwable tusk = catchThrowable(() -> client.queryValue("SELECT ?::text::int", Integer.class, VALUE));
            assertThat(tusk).isInstanceOf(TuskException.class);
            assertThat(messages(tusk)).doesNotContain(VALUE);
            assertThat(((TuskException) tusk).sqlState()).isEqualTo("22P02");

            DSLContext jooq = DSL.using(client.dataSource(), SQLDialect.POSTGRES);
            Throwable throughJooq = catchThrowable(() -> jooq.fetchValue("SELECT ?::text::int", VALUE));
            assertThat(throughJooq).isInstanceOfSatisfying(DataAccessException.class,
                    e -> assertThat(e.sqlState()).isEqualTo("22P02"));
            assertThat(throughJooq.getMessage()).contains(VALUE);

            Jdbi jdbi = Jdbi.create(client.dataSource());
            jdbi.getConfig(StatementExceptions.class).setMessageRendering(StatementExceptions.MessageRendering.NONE);
            Throwable throughJdbi = catchThrowable(() -> jdbi.withHandle(handle ->
                    handle.createQuery("SELECT ?::text::int").bind(0, VALUE).mapTo(Integer.class).one()));
            // Even with Jdbi's message rendering off, the driver's message it carries quotes the value.
            assertThat(throughJdbi).isInstanceOf(UnableToExecuteStatementException.class);
            assertThat(messages(throughJdbi)).contains(VALUE);
        }
    }

    @Test
    void shouldShowBoundArgumentsInJdbiMessagesUnlessTheirRenderingIsTurnedOff(TestDatabase database) {
        try (TuskClient client = connect(database)) {
            assertThatThrownBy(() -> client.execute("INSERT INTO token VALUES (?)", VALUE))
                    .isInstanceOf(UniqueViolationException.class)
                    .satisfies(e -> assertThat(messages(e)).doesNotContain(VALUE));

            // jOOQ sends placeholders and the pool keeps the server's detail ("Key (value)=(…)") out of the driver's
            // message, so a duplicate key names no value.
            DSLContext jooq = DSL.using(client.dataSource(), SQLDialect.POSTGRES);
            Throwable throughJooq = catchThrowable(() ->
                    jooq.insertInto(DSL.table("token"), DSL.field("value", String.class)).values(VALUE).execute());
            assertThat(throughJooq).isInstanceOfSatisfying(DataAccessException.class,
                    e -> assertThat(e.sqlState()).isEqualTo("23505"));
            assertThat(messages(throughJooq)).contains("duplicate key").contains("values (?)").doesNotContain(VALUE);

            // Jdbi's default message rendering lists the bound arguments.
            Jdbi jdbi = Jdbi.create(client.dataSource());
            Throwable byDefault = catchThrowable(() -> jdbi.useHandle(handle ->
                    handle.createUpdate("INSERT INTO token VALUES (:value)").bind("value", VALUE).execute()));
            assertThat(byDefault).isInstanceOf(UnableToExecuteStatementException.class);
            assertThat(byDefault.getMessage()).contains(VALUE);

            jdbi.getConfig(StatementExceptions.class).setMessageRendering(StatementExceptions.MessageRendering.NONE);
            Throwable withoutRendering = catchThrowable(() -> jdbi.useHandle(handle ->
                    handle.createUpdate("INSERT INTO token VALUES (:value)").bind("value", VALUE).execute()));
            assertThat(messages(withoutRendering)).contains("duplicate key").doesNotContain(VALUE);
        }
    }
}
