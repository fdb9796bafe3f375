package dev.tusk.copy.internal.out;

import dev.tusk.query.internal.ReadFailure;

import java.sql.SQLException;
import java.util.Arrays;

/**
 * Parses the byte stream of {@code COPY … TO STDOUT (FORMAT binary)} into rows of decoded values. The server sends
 * about one row per CopyData message (the file header rides with the first row, the trailer comes alone), but the
 * parser relies on none of that: a field split across messages is reassembled.
 */
final class BinaryCopyReader {

    /** The next CopyData payload, or null at the end of the COPY. */
    @FunctionalInterface
    interface ChunkSource {
        byte[] next() throws SQLException;
    }

    private static final byte[] SIGNATURE = {'P', 'G', 'C', 'O', 'P', 'Y', '\n', (byte) 0xFF, '\r', '\n', 0};

    private final ChunkSource source;
    private final FieldDecoder[] decoders;
    private final CopyColumns columns;
    private final boolean showValues;
    private byte[] chunk = new byte[0];
    private int position;
    private byte[] spill = new byte[64];
    private boolean spilled;
    private long rowNumber;

    BinaryCopyReader(ChunkSource source, FieldDecoder[] decoders, CopyColumns columns, boolean showValues) {
        this.source = source;
        this.decoders = decoders;
        this.columns = columns;
        this.showValues = showValues;
    }

    /** Reads the file header; call once before the first row. */
    void readHeader() throws SQLException {
        int at = need(SIGNATURE.length + 8);
        byte[] bytes = buffer();
        if (!Arrays.equals(bytes, at, at + SIGNATURE.length, SIGNATURE, 0, SIGNATURE.length)) {
            throw new IllegalStateException("the server's binary COPY output does not start with the PGCOPY signature");
        }
        int extensionLength = BinaryDecoders.int32(bytes, at + SIGNATURE.length + 4);
        if (extensionLength > 0) {
            need(extensionLength);
        }
    }

    /** The next row's values, or null after the last row. */
    Object[] nextRow() throws SQLException {
        int at = need(2);
        int fieldCount = BinaryDecoders.int16(buffer(), at);
        if (fieldCount == -1) {
            return null;
        }
        rowNumber++;
        if (fieldCount != decoders.length) {
            throw new IllegalStateException("binary COPY row " + rowNumber + " has " + fieldCount + " fields, but the "
                    + "query described " + decoders.length);
        }
        Object[] values = new Object[fieldCount];
        for (int i = 0; i < fieldCount; i++) {
            int lengthAt = need(4);
            int length = BinaryDecoders.int32(buffer(), lengthAt);
            if (length >= 0) {
                int start = need(length);
                try {
                    values[i] = decoders[i].decode(buffer(), start, length);
                } catch (RuntimeException e) {
                    // Tusk's decoders say what is wrong with the format without quoting the value.
                    throw new ReadFailure("its binary COPY form could not be decoded (" + e.getMessage() + ")",
                            "22000", null, e).at(rowNumber, columns.name(i), columns.displayType(i), Object.class,
                            showValues);
                }
            }
        }
        return values;
    }

    /**
     * Makes {@code count} bytes readable and returns their offset in {@link #buffer()}: in the current chunk when they
     * are all there (the usual case, no copy), else gathered into the spill buffer across chunks.
     */
    private int need(int count) throws SQLException {
        if (position == chunk.length && count > 0) {
            nextChunk();
        }
        if (position + count <= chunk.length) {
            int at = position;
            position += count;
            spilled = false;
            return at;
        }
        if (spill.length < count) {
            spill = new byte[Math.max(count, spill.length * 2)];
        }
        int filled = 0;
        while (filled < count) {
            if (position == chunk.length) {
                nextChunk();
            }
            int take = Math.min(count - filled, chunk.length - position);
            System.arraycopy(chunk, position, spill, filled, take);
            filled += take;
            position += take;
        }
        spilled = true;
        return 0;
    }

    private void nextChunk() throws SQLException {
        byte[] next = source.next();
        if (next == null) {
            throw new IllegalStateException("binary COPY output ended in the middle of row " + rowNumber);
        }
        chunk = next;
        position = 0;
    }

    private byte[] buffer() {
        return spilled ? spill : chunk;
    }
}
