package dev.tusk.copy;

import dev.tusk.testing.junit.WithPostgres;

/** {@link TypesOnEveryPathTest} against PostgreSQL 18. */
@WithPostgres(version = 18)
class TypesOnEveryPathPg18Test extends TypesOnEveryPathTest {
}
