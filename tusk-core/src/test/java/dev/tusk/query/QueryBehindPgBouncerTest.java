package dev.tusk.query;

import dev.tusk.testing.junit.WithPostgres;

/** {@link QueryTest}'s tests again, every client going through a PgBouncer in transaction mode with {@code pgbouncer=true}. */
@WithPostgres(throughPgBouncer = true)
class QueryBehindPgBouncerTest extends QueryTest {
}
