package dev.tusk.copy;

import dev.tusk.testing.junit.WithPostgres;

/** {@link TypeEdgeValuesTest} against PostgreSQL 16. */
@WithPostgres(version = 16)
class TypeEdgeValuesPg16Test extends TypeEdgeValuesTest {
}
