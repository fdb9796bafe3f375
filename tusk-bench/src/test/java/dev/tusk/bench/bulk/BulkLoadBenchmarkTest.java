package dev.tusk.bench.bulk;

import dev.tusk.bench.bulk.BulkOptions.Part;
import dev.tusk.copy.BulkMethod;
import dev.tusk.testing.TestDatabase;
import dev.tusk.testing.junit.WithPostgres;
import org.junit.jupiter.api.Test;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

@WithPostgres
class BulkLoadBenchmarkTest {

    private static final String PSQL = "/usr/bin/psql";

    @Test
    void shouldLoadAndVerifyTheRowsWithEveryMethodAndMeasureEachPart(TestDatabase database) throws Exception {
        boolean psql = Files.isExecutable(Path.of(PSQL));
        if (!psql) {
            System.out.println("BulkLoadBenchmarkTest: " + PSQL + " is absent, so psql-binary is expected to be skipped");
        }
        // The default methods plus parallel COPY, which the full run leaves to be asked for with --methods.
        List<LoadMethod> methods = new ArrayList<>(BulkOptions.defaults().methods());
        methods.addAll(List.of(LoadMethod.TUSK_PARALLEL_2, LoadMethod.TUSK_PARALLEL_4));
        BulkOptions options = new BulkOptions(2_000, 1, methods, false, EnumSet.allOf(Part.class),
                new int[] {10, 1_500}, new int[] {2, 1}, 1, 5_000, database.url(), 17, PSQL);
        ByteArrayOutputStream output = new ByteArrayOutputStream();

        BulkLoadBenchmark.Report report;
        try (PrintStream out = new PrintStream(output, true, StandardCharsets.UTF_8)) {
            report = BulkLoadBenchmark.run(options, out);
        }

        // Each load is checked inside the harness (count, id sum, and an all-column hash equal across methods),
        // which throws on a mismatch; here every expected method must have produced a figure.
        List<LoadMethod> expected = new ArrayList<>(methods);
        if (!psql) {
            expected.remove(LoadMethod.PSQL_BINARY);
            assertThat(report.copyIn().skipped()).containsKey(LoadMethod.PSQL_BINARY);
        }
        assertThat(report.copyIn().methods()).containsExactlyElementsOf(expected);
        for (LoadMethod method : expected) {
            assertThat(report.copyIn().rates().get(method)).as(method.label()).hasSize(1);
            assertThat(report.copyIn().median(method)).as(method.label()).isPositive();
        }
        assertThat(report.copyOut().tusk()).hasSize(1);
        assertThat(report.copyOut().jdbcMedian()).isPositive();
        assertThat(report.bulkInsert()).hasSize(2);
        assertThat(report.bulkInsert().get(0).tuskMethods()).containsExactly(BulkMethod.MULTI_ROW_INSERT);
        assertThat(report.bulkInsert().get(1).tuskMethods()).containsExactly(BulkMethod.BINARY_COPY);
        assertThat(report.heap().rows()).isEqualTo(5_000);
        assertThat(report.heap().maxUsedMiB()).isPositive().isLessThan(256);
        assertThat(output.toString(StandardCharsets.UTF_8))
                .contains("round 1 of 1: tusk ...", "round 1 of 1: pgbulkinsert ...", "| method | median rows/s |");
    }

    @Test
    void shouldRenderCsvThatQuotesOnlyWhereNeeded() throws Exception {
        Person plain = PersonData.person(1);
        Person awkward = new Person(2, "a,\"b\"", "x@y", plain.createdAt(), 1.5);
        try (CsvReader reader = new CsvReader(List.of(plain, awkward).iterator())) {
            StringBuilder text = new StringBuilder();
            char[] buffer = new char[7]; // Smaller than a line, so lines are split across reads.
            for (int n; (n = reader.read(buffer, 0, buffer.length)) > 0; ) {
                text.append(buffer, 0, n);
            }
            assertThat(text.toString().lines()).hasSize(2);
            assertThat(text.toString()).startsWith("1," + plain.name() + ",")
                    .contains("2,\"a,\"\"b\"\"\",x@y,", ",1.5\n");
        }
    }

    @Test
    void shouldParseFlags() {
        BulkOptions options = BulkOptions.parse(new String[] {"--rows", "1,000", "--rounds=3", "--methods",
                "tusk,psql-binary", "--parts", "copy-in,heap", "--insert-sizes", "10x5"}, null);

        assertThat(options.rows()).isEqualTo(1_000);
        assertThat(options.rounds()).isEqualTo(3);
        assertThat(options.methods()).containsExactly(LoadMethod.TUSK, LoadMethod.PSQL_BINARY);
        assertThat(options.parts()).containsExactlyInAnyOrder(Part.COPY_IN, Part.HEAP);
        assertThat(options.insertSizes()).containsExactly(10);
        assertThat(options.insertReps()).containsExactly(5);
    }
}
