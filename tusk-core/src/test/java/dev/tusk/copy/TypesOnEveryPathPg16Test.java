package dev.tusk.copy;

import dev.tusk.testing.junit.WithPostgres;

/** {@link TypesOnEveryPathTest} against PostgreSQL 16. */
@WithPostgres(version = 16)
class TypesOnEveryPathPg16Test extends TypesOnEveryPathTest {
}
