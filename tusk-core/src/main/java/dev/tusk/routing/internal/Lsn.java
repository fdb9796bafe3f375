package dev.tusk.routing.internal;

/** PostgreSQL's WAL positions ({@code pg_lsn}, written {@code 16/B374D848}) as unsigned 64-bit numbers. */
public final class Lsn {

    private Lsn() {
    }

    /** The position {@code text} names, or -1 for null (a server that has none, such as a replica not yet replaying). */
    public static long parse(String text) {
        if (text == null) {
            return -1;
        }
        int slash = text.indexOf('/');
        if (slash < 0) {
            throw new IllegalArgumentException("not a pg_lsn: " + text);
        }
        return (Long.parseLong(text.substring(0, slash), 16) << 32) | Long.parseLong(text.substring(slash + 1), 16);
    }
}
