package dev.tusk.examples.api;

import org.flywaydb.core.Flyway;
import org.flywaydb.core.api.output.MigrateResult;

import javax.sql.DataSource;
import java.util.regex.Pattern;

/** The recipe's schema: Flyway migrations under {@code db/api} that create the jurisdiction and code_adoption tables. */
public final class ApiSchema {

    /** Where the migrations live on the class path. */
    public static final String MIGRATIONS = "classpath:db/api";

    // Plain lower-case names only: the schema is spliced into SQL, so anything that would need quoting is refused.
    private static final Pattern NAME = Pattern.compile("[a-z_][a-z0-9_]{0,62}");

    private ApiSchema() {
    }

    /** Applies the migrations to {@code schema} (created when missing) through {@code dataSource}. */
    public static MigrateResult migrate(DataSource dataSource, String schema) {
        checkName("schema", schema);
        return Flyway.configure().dataSource(dataSource).schemas(schema).locations(MIGRATIONS).load().migrate();
    }

    /** {@code schema} when it is a plain lower-case SQL name; else an error naming {@code setting} and the value. */
    public static String checkName(String setting, String schema) {
        if (schema == null || !NAME.matcher(schema).matches()) {
            throw new IllegalArgumentException(setting + " must be a lower-case SQL name (letters, digits, _; at most 63, "
                    + "not starting with a digit), but was " + (schema == null ? "null" : "\"" + schema + "\""));
        }
        return schema;
    }
}
