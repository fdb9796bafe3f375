package dev.tusk.examples.content;

import dev.tusk.testing.junit.WithPostgres;

/** The index-usage test on PostgreSQL 16, whose planner may choose differently. */
@WithPostgres(version = 16)
class ContentIndexUsagePg16Test extends ContentIndexUsageTest {
}
