package dev.tusk.copy;

import dev.tusk.testing.junit.WithPostgres;

/** {@link TypeEdgeValuesTest} against PostgreSQL 18. */
@WithPostgres(version = 18)
class TypeEdgeValuesPg18Test extends TypeEdgeValuesTest {
}
