package dev.tusk.config;

import java.util.Arrays;
import java.util.Locale;

/** How the client starts TLS, with libpq's names: after a PostgreSQL SSLRequest, or directly (PostgreSQL 17+). */
public enum SslNegotiation {
    /** Ask the server for TLS first with an SSLRequest, as every PostgreSQL version understands; libpq's default. */
    POSTGRES("postgres"),
    /** Start the TLS handshake at once, saving a round trip; needs PostgreSQL 17 or later and sslmode require or stronger. */
    DIRECT("direct");

    private final String libpqName;

    SslNegotiation(String libpqName) {
        this.libpqName = libpqName;
    }

    /** The name libpq and PgJDBC use, such as {@code direct}. */
    public String libpqName() {
        return libpqName;
    }

    /** The value with libpq name {@code name}, case-insensitive; fails naming the allowed values. */
    public static SslNegotiation fromLibpqName(String name) {
        String wanted = name == null ? "" : name.strip().toLowerCase(Locale.ROOT);
        for (SslNegotiation value : values()) {
            if (value.libpqName.equals(wanted)) {
                return value;
            }
        }
        throw new IllegalArgumentException("sslnegotiation must be one of "
                + Arrays.stream(values()).map(SslNegotiation::libpqName).toList() + ", but was " + name);
    }
}
