package dev.tusk.bench.jmh;

import org.junit.jupiter.api.Test;
import org.openjdk.jmh.results.RunResult;
import org.openjdk.jmh.runner.Runner;
import org.openjdk.jmh.runner.options.OptionsBuilder;
import org.openjdk.jmh.runner.options.TimeValue;
import org.openjdk.jmh.runner.options.VerboseMode;

import java.util.Collection;
import java.util.regex.Pattern;

import static org.assertj.core.api.Assertions.assertThat;

class ConfigParsingBenchmarkTest {

    @Test
    void shouldRunUnderJmhAndReportATimePerParse() throws Exception {
        Collection<RunResult> results = new Runner(new OptionsBuilder()
                .include(Pattern.quote(ConfigParsingBenchmark.class.getName()))
                .forks(0)
                .warmupIterations(0)
                .measurementIterations(1)
                .measurementTime(TimeValue.milliseconds(200))
                .verbosity(VerboseMode.SILENT)
                .build()).run();

        // One result per @Param value.
        assertThat(results).hasSize(2);
        assertThat(results).allSatisfy(result ->
                assertThat(result.getPrimaryResult().getScore()).isPositive());
    }
}
