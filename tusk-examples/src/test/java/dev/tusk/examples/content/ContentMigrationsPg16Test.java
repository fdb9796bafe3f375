package dev.tusk.examples.content;

import dev.tusk.testing.junit.WithPostgres;

/** The migration tests on PostgreSQL 16 (the others run on 17, the harness's default). */
@WithPostgres(version = 16)
class ContentMigrationsPg16Test extends ContentMigrationsTest {
}
