package dev.tusk.config;

import java.util.Arrays;
import java.util.Locale;

/** Whether SCRAM authentication binds itself to the TLS channel (SCRAM-SHA-256-PLUS), with libpq's names and meanings. */
public enum ChannelBinding {
    /** Never use channel binding. */
    DISABLE("disable"),
    /** Use channel binding when TLS is on and the server offers SCRAM-SHA-256-PLUS; libpq's default. */
    PREFER("prefer"),
    /** Refuse to log in without channel binding, so a man in the middle cannot relay the SCRAM exchange. */
    REQUIRE("require");

    private final String libpqName;

    ChannelBinding(String libpqName) {
        this.libpqName = libpqName;
    }

    /** The name libpq and PgJDBC use, such as {@code require}. */
    public String libpqName() {
        return libpqName;
    }

    /** The value with libpq name {@code name}, case-insensitive; fails naming the allowed values. */
    public static ChannelBinding fromLibpqName(String name) {
        String wanted = name == null ? "" : name.strip().toLowerCase(Locale.ROOT);
        for (ChannelBinding value : values()) {
            if (value.libpqName.equals(wanted)) {
                return value;
            }
        }
        throw new IllegalArgumentException("channel_binding must be one of "
                + Arrays.stream(values()).map(ChannelBinding::libpqName).toList() + ", but was " + name);
    }
}
