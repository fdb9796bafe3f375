package dev.tusk.listen.internal;

import dev.tusk.internal.SqlNames;

import java.nio.charset.StandardCharsets;

/**
 * Checks channel names and payloads before anything is sent. A channel is an identifier taken exactly as given (case
 * kept, any character but NUL), so {@code LISTEN} quotes it and {@code pg_notify} binds it, and both reach the same
 * channel. Messages name the channel and sizes, never the payload.
 */
public final class Channels {

    /** The longest identifier PostgreSQL keeps whole (NAMEDATALEN - 1); LISTEN would cut a longer one short. */
    public static final int MAX_CHANNEL_BYTES = 63;

    /** The largest payload PostgreSQL accepts: it must be shorter than 8000 bytes. */
    public static final int MAX_PAYLOAD_BYTES = 7999;

    private Channels() {
    }

    /** Refuses a null, empty, NUL-holding or over-long channel name, saying which and why. */
    public static void checkChannel(String channel) {
        if (channel == null || channel.isEmpty()) {
            throw new IllegalArgumentException("channel name must not be " + (channel == null ? "null" : "empty"));
        }
        int nul = channel.indexOf('\0');
        if (nul >= 0) {
            throw new IllegalArgumentException("channel name \"" + channel.replace("\0", "\\0") + "\" has a NUL "
                    + "character at position " + (nul + 1) + ", which PostgreSQL identifiers cannot hold");
        }
        int bytes = channel.getBytes(StandardCharsets.UTF_8).length;
        if (bytes > MAX_CHANNEL_BYTES) {
            throw new IllegalArgumentException("channel name \"" + channel + "\" is " + bytes + " bytes in UTF-8, but "
                    + "PostgreSQL channel names are identifiers of at most " + MAX_CHANNEL_BYTES + " bytes");
        }
    }

    /** Refuses a payload PostgreSQL would reject, naming {@code channel} and the size but not the payload's text. */
    public static void checkPayload(String channel, String payload) {
        if (payload == null) {
            return;
        }
        int nul = payload.indexOf('\0');
        if (nul >= 0) {
            throw new IllegalArgumentException("notify(\"" + channel + "\"): the payload has a NUL character at position "
                    + (nul + 1) + ", which PostgreSQL text cannot hold");
        }
        // A char is at most 3 UTF-8 bytes, so short payloads skip the encoding.
        if (payload.length() * 3 <= MAX_PAYLOAD_BYTES) {
            return;
        }
        int bytes = payload.getBytes(StandardCharsets.UTF_8).length;
        if (bytes > MAX_PAYLOAD_BYTES) {
            throw new IllegalArgumentException("notify(\"" + channel + "\"): the payload is " + bytes + " bytes in UTF-8, "
                    + "but PostgreSQL accepts at most " + MAX_PAYLOAD_BYTES + " (shorter than 8000); send a key and "
                    + "keep the data in a table");
        }
    }

    /** The LISTEN statement for a checked {@code channel}. */
    static String listen(String channel) {
        return "LISTEN " + SqlNames.quoteIdentifier(channel);
    }

    /** The UNLISTEN statement for a checked {@code channel}. */
    static String unlisten(String channel) {
        return "UNLISTEN " + SqlNames.quoteIdentifier(channel);
    }
}
