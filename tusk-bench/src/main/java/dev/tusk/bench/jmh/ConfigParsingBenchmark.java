package dev.tusk.bench.jmh;

import dev.tusk.config.TuskConfig;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

import java.util.concurrent.TimeUnit;

/** How long {@link TuskConfig#fromUrl} takes to parse and validate a connection URL; no server needed. */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(1)
public class ConfigParsingBenchmark {

    /** A plain URL, and one with an IPv6 host, an escaped password and query parameters. */
    @Param({
            "postgresql://app:secret@db.internal:5432/orders",
            "postgresql://app:s%40cret@[::1]:6432/orders?application_name=billing&sslmode=require"
    })
    public String url;

    /** Parses {@link #url} into a validated config. */
    @Benchmark
    public TuskConfig fromUrl() {
        return TuskConfig.fromUrl(url);
    }
}
