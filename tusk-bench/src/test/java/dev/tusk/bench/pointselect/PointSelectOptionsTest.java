package dev.tusk.bench.pointselect;

import dev.tusk.bench.pointselect.PointSelectOptions.Threads;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class PointSelectOptionsTest {

    @Test
    void shouldDefaultToFiveRoundsOfTenSecondsWithEightWorkersAtScaleTen() {
        PointSelectOptions options = PointSelectOptions.parse(new String[0], null);

        assertThat(options.rounds()).isEqualTo(5);
        assertThat(options.roundDuration()).isEqualTo(Duration.ofSeconds(10));
        assertThat(options.workers()).isEqualTo(8);
        assertThat(options.poolSize()).isEqualTo(8);
        assertThat(options.threads()).isEqualTo(Threads.PLATFORM);
        assertThat(options.accounts()).isEqualTo(1_000_000);
        assertThat(options.databaseUrl()).isNull();
    }

    @Test
    void shouldAcceptFlagsWithEqualsOrASeparateValue() {
        PointSelectOptions options = PointSelectOptions.parse(new String[]{"--rounds=3", "--seconds", "1.5",
                "--warmup-seconds=0", "--workers", "16", "--threads=virtual", "--scale", "2"}, "postgresql://u:p@h/db");

        assertThat(options.rounds()).isEqualTo(3);
        assertThat(options.roundDuration()).isEqualTo(Duration.ofMillis(1500));
        assertThat(options.warmupDuration()).isZero();
        assertThat(options.workers()).isEqualTo(16);
        assertThat(options.threads()).isEqualTo(Threads.VIRTUAL);
        assertThat(options.accounts()).isEqualTo(200_000);
        assertThat(options.databaseUrl()).isEqualTo("postgresql://u:p@h/db");
    }

    @Test
    void shouldNameTheFlagAndValueThatAreWrong() {
        assertThatThrownBy(() -> PointSelectOptions.parse(new String[]{"--threads=green"}, null))
                .hasMessage("--threads must be platform or virtual, but was green");
        assertThatThrownBy(() -> PointSelectOptions.parse(new String[]{"--workers=0"}, null))
                .hasMessage("workers must be from 1 to 10000, but was 0");
        assertThatThrownBy(() -> PointSelectOptions.parse(new String[]{"--roundz=2"}, null))
                .hasMessageStartingWith("unknown flag --roundz");
        assertThatThrownBy(() -> PointSelectOptions.parse(new String[]{"--rounds"}, null))
                .hasMessage("--rounds needs a value");
    }

    @Test
    void shouldMeasureTuskAndRawUnlessToldWhichClients() {
        assertThat(PointSelectOptions.parse(new String[0], null).clients()).containsExactly("tusk", "raw");
        assertThat(PointSelectOptions.parse(new String[]{"--clients", "tusk, tusk-bare,raw"}, null).clients())
                .containsExactly("tusk", "tusk-bare", "raw");
        assertThatThrownBy(() -> PointSelectOptions.parse(new String[]{"--clients=tusk,jdbi"}, null))
                .hasMessage("clients must be one or more of tusk,tusk-bare,tusk-metrics,raw, each at most once, but was tusk,jdbi");
        assertThatThrownBy(() -> PointSelectOptions.parse(new String[]{"--clients=raw,raw"}, null))
                .hasMessageStartingWith("clients must be one or more of");
    }

    @Test
    void shouldRotateTheClientsSoEachRunsInEveryPosition() {
        List<String> clients = List.of("a", "b", "c");

        assertThat(Rounds.orderOf(clients, 1)).containsExactly("a", "b", "c");
        assertThat(Rounds.orderOf(clients, 2)).containsExactly("b", "c", "a");
        assertThat(Rounds.orderOf(clients, 3)).containsExactly("c", "a", "b");
        assertThat(Rounds.orderOf(clients, 4)).containsExactly("a", "b", "c");
        assertThat(Rounds.orderOf(List.of("tusk", "raw"), 2)).containsExactly("raw", "tusk");
    }

    @Test
    void shouldNeverPrintTheDatabasePassword() {
        PointSelectOptions options = PointSelectOptions.defaults().withDatabaseUrl("postgresql://u:hunter2@h/db");

        assertThat(options.toString()).doesNotContain("hunter2");
    }

    @Test
    void shouldLetTheTuskClientsRunWithoutConnectionRetirement() {
        assertThat(PointSelectOptions.parse(new String[0], null).tuskMaxQueriesPerConnection()).isEqualTo(-1);
        assertThat(PointSelectOptions.parse(new String[] {"--max-queries-per-connection", "0"}, null)
                .tuskMaxQueriesPerConnection()).isZero();
        assertThatThrownBy(() -> PointSelectOptions.parse(new String[] {"--max-queries-per-connection=-5"}, null))
                .hasMessageContaining("-5");
    }
}
