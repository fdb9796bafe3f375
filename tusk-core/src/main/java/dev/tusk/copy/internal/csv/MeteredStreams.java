package dev.tusk.copy.internal.csv;

import java.io.FilterInputStream;
import java.io.FilterOutputStream;
import java.io.FilterReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.Reader;

/** Stream wrappers that pass every byte or char through a {@link ProgressMeter} on its way to or from a COPY. */
final class MeteredStreams {

    private MeteredStreams() {
    }

    /** Data read for a COPY FROM STDIN. */
    static final class Input extends FilterInputStream {
        private final ProgressMeter meter;

        Input(InputStream in, ProgressMeter meter) {
            super(in);
            this.meter = meter;
        }

        @Override
        public int read() throws IOException {
            int b = super.read();
            if (b >= 0) {
                meter.scan(b);
                meter.advance(1);
            }
            return b;
        }

        @Override
        public int read(byte[] buffer, int offset, int length) throws IOException {
            int count = super.read(buffer, offset, length);
            for (int i = 0; i < count; i++) {
                meter.scan(buffer[offset + i]);
            }
            if (count > 0) {
                meter.advance(count);
            }
            return count;
        }
    }

    /** Characters read for a COPY FROM STDIN, counted as the UTF-8 bytes PgJDBC encodes them to. */
    static final class CharInput extends FilterReader {
        private final ProgressMeter meter;

        CharInput(Reader in, ProgressMeter meter) {
            super(in);
            this.meter = meter;
        }

        @Override
        public int read() throws IOException {
            int c = super.read();
            if (c >= 0) {
                meter.scan(c);
                meter.advance(utf8Length((char) c));
            }
            return c;
        }

        @Override
        public int read(char[] buffer, int offset, int length) throws IOException {
            int count = super.read(buffer, offset, length);
            long bytes = 0;
            for (int i = 0; i < count; i++) {
                char c = buffer[offset + i];
                meter.scan(c);
                bytes += utf8Length(c);
            }
            if (count > 0) {
                meter.advance(bytes);
            }
            return count;
        }

        private static int utf8Length(char c) {
            // Each half of a surrogate pair counts 2: together the 4 bytes of a supplementary character.
            return c < 0x80 ? 1 : c < 0x800 || Character.isSurrogate(c) ? 2 : 3;
        }
    }

    /** Data written by a COPY TO STDOUT. */
    static final class Output extends FilterOutputStream {
        private final ProgressMeter meter;

        Output(OutputStream out, ProgressMeter meter) {
            super(out);
            this.meter = meter;
        }

        @Override
        public void write(int b) throws IOException {
            out.write(b);
            meter.scan(b);
            meter.advance(1);
        }

        @Override
        public void write(byte[] buffer, int offset, int length) throws IOException {
            out.write(buffer, offset, length);
            for (int i = 0; i < length; i++) {
                meter.scan(buffer[offset + i]);
            }
            meter.advance(length);
        }

        @Override
        public void close() throws IOException {
            // The caller's stream stays open: whoever opened it closes it.
            flush();
        }
    }
}
