package dev.tusk.testing.junit;

import org.junit.jupiter.api.extension.ExtendWith;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Inherited;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * Gives a test class one PostgreSQL server, shared by its tests and torn down after the last one; test methods receive
 * it as a {@link dev.tusk.testing.PostgresServer} parameter and a fresh database as a {@link dev.tusk.testing.TestDatabase}.
 */
@Documented
@Inherited
@Retention(RetentionPolicy.RUNTIME)
@Target(ElementType.TYPE)
@ExtendWith(PostgresExtension.class)
public @interface WithPostgres {

    /** The major version to start: 16, 17 or 18. */
    int version() default 17;

    /** Server settings as {@code name=value}, written to the configuration file as they are. */
    String[] settings() default {};

    /**
     * Whether the harness must start the server itself; false lets {@code TUSK_TEST_DATABASE_URL} supply one instead.
     * Tests that stop, crash or restart the server need true.
     */
    boolean managed() default false;

    /**
     * Whether clients reach the server through a PgBouncer in transaction mode started for the class: the
     * {@link dev.tusk.testing.PostgresServer} and {@link dev.tusk.testing.TestDatabase} parameters then give PgBouncer's
     * address and URLs with {@code pgbouncer=true} (see {@link dev.tusk.testing.pgbouncer.BehindPgBouncer}), while
     * administration still goes straight to the server. A subclass of a test class can set it to run the same tests
     * through PgBouncer. Each class gets a PgBouncer of its own; classes that set nothing else ({@code managed},
     * {@code settings}, {@code version}) share one server per JVM, to keep these repeated runs short.
     */
    boolean throughPgBouncer() default false;
}
