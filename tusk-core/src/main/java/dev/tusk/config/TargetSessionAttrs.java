package dev.tusk.config;

import java.util.Arrays;
import java.util.Locale;

/** Which kind of server a connection must land on, with libpq's {@code target_session_attrs} names. */
public enum TargetSessionAttrs {
    /** Any server that accepts the connection. */
    ANY("any", "any"),
    /** A server that accepts writes. */
    READ_WRITE("read-write", "primary"),
    /** A server in read-only mode. */
    READ_ONLY("read-only", "secondary"),
    /** The primary. */
    PRIMARY("primary", "primary"),
    /** A standby. */
    STANDBY("standby", "secondary"),
    /** A standby when one is up, else the primary. */
    PREFER_STANDBY("prefer-standby", "preferSecondary");

    private final String libpqName;
    private final String pgjdbcTargetServerType;

    TargetSessionAttrs(String libpqName, String pgjdbcTargetServerType) {
        this.libpqName = libpqName;
        this.pgjdbcTargetServerType = pgjdbcTargetServerType;
    }

    /** The libpq name, such as {@code read-write}. */
    public String libpqName() {
        return libpqName;
    }

    /** The equivalent PgJDBC {@code targetServerType}. */
    public String pgjdbcTargetServerType() {
        return pgjdbcTargetServerType;
    }

    /** The value with libpq name {@code name}, case-insensitive; fails naming the allowed values. */
    public static TargetSessionAttrs fromLibpqName(String name) {
        String wanted = name == null ? "" : name.strip().toLowerCase(Locale.ROOT).replace('_', '-');
        for (TargetSessionAttrs value : values()) {
            if (value.libpqName.equals(wanted)) {
                return value;
            }
        }
        throw new IllegalArgumentException("target_session_attrs must be one of "
                + Arrays.stream(values()).map(TargetSessionAttrs::libpqName).toList() + ", but was " + name);
    }
}
