package dev.tusk.failover;

import dev.tusk.ConnectionException;
import dev.tusk.Tusk;
import dev.tusk.TuskClient;
import dev.tusk.config.TargetSessionAttrs;
import dev.tusk.config.TuskConfig;
import dev.tusk.pool.TuskPool;
import dev.tusk.testing.ManagedPostgres;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.net.ServerSocket;
import java.time.Duration;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

/** Connecting with a host list against one real server: hosts tried in order, every host named when none answers. */
class MultiHostConnectTest {

    private static ManagedPostgres server;

    @BeforeAll
    static void startServer() {
        server = ManagedPostgres.startDefault();
    }

    @AfterAll
    static void stopServer() {
        server.close();
    }

    @Test
    void shouldPassOverAListedHostThatRefusesAndConnectToTheNext() throws Exception {
        int closed = closedPort();
        TuskConfig config = TuskConfig.builder().host("127.0.0.1:" + closed + "," + server.host() + ":" + server.port())
                .user(server.superuser()).targetSessionAttrs(TargetSessionAttrs.READ_WRITE).poolMinSize(1)
                .poolMaxSize(2).build();

        try (TuskClient client = Tusk.connect(config)) {
            assertThat(client.queryValue(Integer.class, "SELECT inet_server_port()")).isEqualTo(server.port());
            assertThat(client.toString()).contains("127.0.0.1:" + closed + ",127.0.0.1:" + server.port());
        }
    }

    @Test
    void shouldNameEveryListedServerWhenNoneAcceptsConnections() throws Exception {
        int first = closedPort();
        int second = closedPort();
        TuskConfig config = TuskConfig.builder().host("127.0.0.1:" + first + ",127.0.0.1:" + second)
                .user(server.superuser()).poolMinSize(0).warmUp(false).acquireTimeout(Duration.ofSeconds(10)).build();

        try (TuskPool pool = TuskPool.open(config)) {
            ConnectionException failure = catchThrowableOfType(ConnectionException.class, pool::acquire);

            assertThat(failure).hasMessageContaining("nothing accepts connections at any of 127.0.0.1:" + first
                    + ",127.0.0.1:" + second);
            assertThat(failure.mayHaveReachedServer()).isFalse();
        }
    }

    private static int closedPort() throws Exception {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        }
    }
}
