package dev.tusk.examples.content;

import dev.tusk.testing.junit.WithPostgres;

/** The migration tests on PostgreSQL 18 (the others run on 17, the harness's default). */
@WithPostgres(version = 18)
class ContentMigrationsPg18Test extends ContentMigrationsTest {
}
