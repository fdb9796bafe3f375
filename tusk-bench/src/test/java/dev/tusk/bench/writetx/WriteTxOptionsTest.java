package dev.tusk.bench.writetx;

import org.junit.jupiter.api.Test;

import java.time.Duration;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class WriteTxOptionsTest {

    @Test
    void shouldTakePointSelectFlagsAndDurable() {
        WriteTxOptions options = WriteTxOptions.parse(new String[]{"--rounds", "3", "--durable", "--seconds=6"}, null);

        assertThat(options.durable()).isTrue();
        assertThat(options.shape().rounds()).isEqualTo(3);
        assertThat(options.shape().roundDuration()).isEqualTo(Duration.ofSeconds(6));
        assertThat(options.serverSettings()).containsEntry("fsync", "on").containsEntry("synchronous_commit", "on");
        assertThat(WriteTxOptions.parse(new String[0], null).serverSettings()).isEmpty();
    }

    @Test
    void shouldRefuseFlagsThatDoNotApply() {
        assertThatThrownBy(() -> WriteTxOptions.parse(new String[]{"--pgbench=/usr/bin/pgbench"}, null))
                .hasMessageContaining("--pgbench is a point-select flag");
        assertThatThrownBy(() -> WriteTxOptions.parse(new String[]{"--clients=tusk"}, null))
                .hasMessageContaining("--clients is a point-select flag");
        assertThatThrownBy(() -> WriteTxOptions.parse(new String[]{"--durable"}, "postgresql://u:p@h/db"))
                .hasMessageContaining("--durable applies to a server the harness starts");
    }
}
