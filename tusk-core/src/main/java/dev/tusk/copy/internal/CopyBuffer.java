package dev.tusk.copy.internal;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.nio.ByteOrder;
import java.sql.SQLException;

/**
 * The bytes of a binary COPY on their way to the server: values are written big-endian into one reusable array, and
 * the array is sent in a single write once it holds {@code flushBytes}. It only grows while one row is larger than the
 * room left (a row is never split, so lengths can be patched in afterwards), and shrinks back after such a row is
 * sent, so memory stays flat for any number of rows.
 */
public final class CopyBuffer {

    /** Where full buffers go: the COPY on the server. */
    @FunctionalInterface
    public interface Sink {
        /** Sends {@code length} bytes of {@code bytes} from {@code offset}. */
        void write(byte[] bytes, int offset, int length) throws SQLException;
    }

    /** {@link #appendUtf8} result: the text was written. */
    static final int TEXT_OK = 0;
    /** {@link #appendUtf8} result: the text holds U+0000, which PostgreSQL text cannot store. */
    static final int TEXT_HAS_NUL = 1;
    /** {@link #appendUtf8} result: the text holds a lone UTF-16 surrogate, which has no UTF-8 form. */
    static final int TEXT_HAS_LONE_SURROGATE = 2;

    private static final VarHandle SHORT = MethodHandles.byteArrayViewVarHandle(short[].class, ByteOrder.BIG_ENDIAN);
    private static final VarHandle INT = MethodHandles.byteArrayViewVarHandle(int[].class, ByteOrder.BIG_ENDIAN);
    private static final VarHandle LONG = MethodHandles.byteArrayViewVarHandle(long[].class, ByteOrder.BIG_ENDIAN);
    /** Room kept beyond the flush size so that ordinary rows never make the array grow. */
    private static final int SLACK = 16 * 1024;
    /** Strings longer than this have their exact UTF-8 length measured first rather than reserving 3 bytes a char. */
    private static final int MEASURE_ABOVE_CHARS = 8 * 1024;
    private static final int MAX_CAPACITY = Integer.MAX_VALUE - 16;

    private final int flushBytes;
    private final int initialCapacity;
    private final Sink sink;
    private byte[] bytes;
    private int position;
    private long sentBytes;

    /** A buffer sending to {@code sink} each time a row ends with at least {@code flushBytes} gathered. */
    public CopyBuffer(int flushBytes, Sink sink) {
        this.flushBytes = flushBytes;
        this.initialCapacity = flushBytes + SLACK;
        this.sink = sink;
        this.bytes = new byte[initialCapacity];
    }

    /** Whether enough is gathered to be worth a write. */
    boolean shouldFlush() {
        return position >= flushBytes;
    }

    /** Sends what is gathered, if anything, and gives back memory a huge row took. */
    void flush() throws SQLException {
        if (position > 0) {
            sink.write(bytes, 0, position);
            sentBytes += position;
            position = 0;
        }
        if (bytes.length > 4 * initialCapacity) {
            bytes = new byte[initialCapacity];
        }
    }

    /** Bytes sent plus bytes gathered. */
    long totalBytes() {
        return sentBytes + position;
    }

    /** The bytes held now, gathered or not: what the buffer costs in memory. */
    int capacity() {
        return bytes.length;
    }

    /** The write position, for a later {@link #patchInt}. */
    int position() {
        return position;
    }

    /** Forgets what was written since {@code mark} (only within the current row). */
    void truncate(int mark) {
        position = mark;
    }

    void writeByte(int value) {
        ensure(1);
        bytes[position++] = (byte) value;
    }

    void writeShort(int value) {
        ensure(2);
        SHORT.set(bytes, position, (short) value);
        position += 2;
    }

    void writeInt(int value) {
        ensure(4);
        INT.set(bytes, position, value);
        position += 4;
    }

    void writeLong(long value) {
        ensure(8);
        LONG.set(bytes, position, value);
        position += 8;
    }

    /** Writes a length word followed by an 8-byte value: the common shape of fixed-width fields. */
    void writeLengthAndLong(long value) {
        ensure(12);
        INT.set(bytes, position, 8);
        LONG.set(bytes, position + 4, value);
        position += 12;
    }

    /** Writes a length word followed by a 4-byte value. */
    void writeLengthAndInt(int value) {
        ensure(8);
        INT.set(bytes, position, 4);
        INT.set(bytes, position + 4, value);
        position += 8;
    }

    void writeBytes(byte[] source, int offset, int length) {
        ensure(length);
        System.arraycopy(source, offset, bytes, position, length);
        position += length;
    }

    /** Reserves a length word to be filled by {@link #endValue(int)} and returns where it is. */
    int beginValue() {
        ensure(4);
        int at = position;
        position += 4;
        return at;
    }

    /** Fills the length word at {@code at} with the number of bytes written after it. */
    void endValue(int at) {
        INT.set(bytes, at, position - at - 4);
    }

    void patchInt(int at, int value) {
        INT.set(bytes, at, value);
    }

    /** Appends {@code text} as UTF-8, without a length word; returns {@link #TEXT_OK} or why it cannot be stored. */
    int appendUtf8(String text) {
        int length = text.length();
        ensure(length <= MEASURE_ABOVE_CHARS ? length * 3 : utf8Length(text));
        byte[] target = bytes;
        int at = position;
        int i = 0;
        // Most text is ASCII: one compare per char, and NUL (which PostgreSQL refuses) drops to the careful loop.
        for (; i < length; i++) {
            char c = text.charAt(i);
            if ((char) (c - 1) >= 0x7F) {
                break;
            }
            target[at++] = (byte) c;
        }
        for (; i < length; i++) {
            char c = text.charAt(i);
            if (c < 0x80) {
                if (c == 0) {
                    return TEXT_HAS_NUL;
                }
                target[at++] = (byte) c;
            } else if (c < 0x800) {
                target[at++] = (byte) (0xC0 | c >> 6);
                target[at++] = (byte) (0x80 | c & 0x3F);
            } else if (Character.isSurrogate(c)) {
                char low = i + 1 < length ? text.charAt(i + 1) : 0;
                if (!Character.isHighSurrogate(c) || !Character.isLowSurrogate(low)) {
                    return TEXT_HAS_LONE_SURROGATE;
                }
                int codePoint = Character.toCodePoint(c, low);
                i++;
                target[at++] = (byte) (0xF0 | codePoint >> 18);
                target[at++] = (byte) (0x80 | codePoint >> 12 & 0x3F);
                target[at++] = (byte) (0x80 | codePoint >> 6 & 0x3F);
                target[at++] = (byte) (0x80 | codePoint & 0x3F);
            } else {
                target[at++] = (byte) (0xE0 | c >> 12);
                target[at++] = (byte) (0x80 | c >> 6 & 0x3F);
                target[at++] = (byte) (0x80 | c & 0x3F);
            }
        }
        position = at;
        return TEXT_OK;
    }

    private static int utf8Length(String text) {
        long length = 0;
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            // A surrogate pair is 4 bytes, 2 per half; a lone surrogate is refused later, so 3 is a safe bound.
            length += c < 0x80 ? 1 : c < 0x800 ? 2 : 3;
        }
        return (int) Math.min(length, MAX_CAPACITY);
    }

    private void ensure(int needed) {
        if (bytes.length - position < needed) {
            grow(needed);
        }
    }

    private void grow(int needed) {
        long wanted = Math.max((long) bytes.length * 2, (long) position + needed);
        if ((long) position + needed > MAX_CAPACITY) {
            throw new IllegalStateException("one COPY row needs more than " + MAX_CAPACITY + " bytes");
        }
        byte[] larger = new byte[(int) Math.min(wanted, MAX_CAPACITY)];
        System.arraycopy(bytes, 0, larger, 0, position);
        bytes = larger;
    }
}
