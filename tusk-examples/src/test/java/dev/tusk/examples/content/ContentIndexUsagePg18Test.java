package dev.tusk.examples.content;

import dev.tusk.testing.junit.WithPostgres;

/** The index-usage test on PostgreSQL 18, whose planner may choose differently. */
@WithPostgres(version = 18)
class ContentIndexUsagePg18Test extends ContentIndexUsageTest {
}
