package dev.tusk.security.internal;

import dev.tusk.config.SslMode;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/** The findings of a TLS report: what about a connection's TLS is weaker than it should be, as advice. */
public final class TlsFindings {

    /** A server certificate closer than this to its expiry is reported. */
    public static final Duration EXPIRY_WARNING = Duration.ofDays(30);

    private static final Set<String> LOOPBACK_HOSTS = Set.of("localhost", "127.0.0.1", "::1", "[::1]");
    private static final Set<String> OLD_PROTOCOLS = Set.of("SSLv3", "TLSv1", "TLSv1.1");

    private TlsFindings() {
    }

    /** The findings for a connection to {@code host} under {@code mode}, judged at {@code now}. */
    public static List<String> of(SslMode mode, String host, boolean tls, String protocol, Instant serverNotAfter,
                                  Instant now) {
        List<String> findings = new ArrayList<>();
        if (!tls) {
            // On the loopback interface nothing crosses a network, so plaintext is no exposure there.
            if (!LOOPBACK_HOSTS.contains(host.toLowerCase(Locale.ROOT))) {
                findings.add("TLS is off: traffic to " + host + " crosses the network in plaintext; use sslmode=verify-full");
            }
            return findings;
        }
        switch (mode) {
            case ALLOW, PREFER, REQUIRE -> findings.add("sslmode=" + mode.libpqName()
                    + " does not verify the server: use verify-full");
            case VERIFY_CA -> findings.add("sslmode=verify-ca does not check the server's host name: use verify-full");
            default -> { }
        }
        if (protocol != null && OLD_PROTOCOLS.contains(protocol)) {
            findings.add("TLS protocol " + protocol + " is older than TLS 1.2: raise ssl_min_protocol_version on the server");
        }
        String expiry = expiry(serverNotAfter, now);
        if (expiry != null) {
            findings.add(expiry);
        }
        return findings;
    }

    /**
     * The finding about a server certificate that has expired or expires within {@link #EXPIRY_WARNING} of {@code now},
     * or null when it has longer (or its expiry is unknown); the one finding that makes a health check degraded.
     */
    public static String expiry(Instant serverNotAfter, Instant now) {
        if (serverNotAfter == null) {
            return null;
        }
        Duration left = Duration.between(now, serverNotAfter);
        if (left.isNegative()) {
            return "server certificate expired " + (-left.toDays()) + " days ago (" + serverNotAfter + ")";
        } else if (left.compareTo(EXPIRY_WARNING) < 0) {
            return "server certificate expires in " + left.toDays() + " days (" + serverNotAfter + ")";
        }
        return null;
    }
}
