package dev.tusk.config;

import java.util.Arrays;
import java.util.Locale;

/** How hard the client insists on TLS, with libpq's names and meanings. */
public enum SslMode {
    /** Never use TLS. */
    DISABLE("disable"),
    /** Try without TLS first, then with it. */
    ALLOW("allow"),
    /** Try TLS first, then without it. */
    PREFER("prefer"),
    /** Require TLS, without checking the server's certificate. */
    REQUIRE("require"),
    /** Require TLS and a server certificate signed by a trusted CA. */
    VERIFY_CA("verify-ca"),
    /** Require TLS, a trusted certificate, and a host name that matches it. */
    VERIFY_FULL("verify-full");

    private final String libpqName;

    SslMode(String libpqName) {
        this.libpqName = libpqName;
    }

    /** The name libpq and PgJDBC use, such as {@code verify-full}. */
    public String libpqName() {
        return libpqName;
    }

    /** Whether this mode refuses a connection without TLS. */
    public boolean requiresTls() {
        return compareTo(REQUIRE) >= 0;
    }

    /** The mode with libpq name {@code name}, case-insensitive; fails naming the allowed values. */
    public static SslMode fromLibpqName(String name) {
        String wanted = name == null ? "" : name.strip().toLowerCase(Locale.ROOT).replace('_', '-');
        for (SslMode mode : values()) {
            if (mode.libpqName.equals(wanted)) {
                return mode;
            }
        }
        throw new IllegalArgumentException("sslmode must be one of "
                + Arrays.stream(values()).map(SslMode::libpqName).toList() + ", but was " + name);
    }
}
