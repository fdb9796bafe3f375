package dev.tusk.batch.internal;

import dev.tusk.query.Sql;
import org.junit.jupiter.api.Test;

import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

class BatchPlanTest {

    private static final String INSERT = "INSERT INTO item VALUES (?)";
    private static final String DELETE = "DELETE FROM item WHERE id = ?";

    @Test
    void shouldGroupOnlyConsecutiveOperationsWithIdenticalSql() {
        List<Sql> operations = List.of(Sql.of(INSERT, 1), Sql.of(INSERT, 2), Sql.of(DELETE, 1), Sql.of(INSERT, 1),
                Sql.of(INSERT, 3), Sql.of(INSERT, 4));

        assertThat(Chunk.plan(operations, 1_000)).containsExactly(
                new Chunk(0, 2, INSERT), new Chunk(2, 3, DELETE), new Chunk(3, 6, INSERT));
    }

    @Test
    void shouldSplitLongRunsAtTheJdbcBatchSize() {
        List<Sql> operations = List.of(Sql.of(INSERT, 1), Sql.of(INSERT, 2), Sql.of(INSERT, 3), Sql.of(INSERT, 4),
                Sql.of(INSERT, 5));

        assertThat(Chunk.plan(operations, 2)).containsExactly(
                new Chunk(0, 2, INSERT), new Chunk(2, 4, INSERT), new Chunk(4, 5, INSERT));
    }

    @Test
    void shouldPlanNothingForNoOperations() {
        assertThat(Chunk.plan(List.of(), 10)).isEmpty();
    }
}
