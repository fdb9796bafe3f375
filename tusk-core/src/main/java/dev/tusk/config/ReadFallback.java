package dev.tusk.config;

import java.util.Locale;

/** What {@code client.readOnly()} work does when no read replica is healthy. */
public enum ReadFallback {
    /** Runs it on the primary, as a client without replicas would. */
    PRIMARY,
    /** Fails it at once with a {@code ConnectionException} naming every replica and why it was skipped. */
    FAIL;

    /** The name used in configuration: {@code primary} or {@code fail}. */
    public String configName() {
        return name().toLowerCase(Locale.ROOT);
    }

    /** Reads {@code primary} or {@code fail}, in any case. */
    public static ReadFallback fromName(String text) {
        return switch (text.strip().toLowerCase(Locale.ROOT)) {
            case "primary" -> PRIMARY;
            case "fail" -> FAIL;
            default -> throw new IllegalArgumentException("unknown read fallback");
        };
    }
}
