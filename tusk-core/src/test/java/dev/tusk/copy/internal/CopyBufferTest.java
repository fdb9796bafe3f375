package dev.tusk.copy.internal;

import org.junit.jupiter.api.Test;

import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;

import static org.assertj.core.api.Assertions.assertThat;

/** The buffer's own logic, without a server: UTF-8 encoding, big-endian words, flushing and growth. */
class CopyBufferTest {

    /** Collects what the buffer sends, and the size of each write. */
    private static final class Recorder implements CopyBuffer.Sink {
        final ByteArrayOutputStream sent = new ByteArrayOutputStream();
        final List<Integer> writes = new ArrayList<>();

        @Override
        public void write(byte[] bytes, int offset, int length) {
            sent.write(bytes, offset, length);
            writes.add(length);
        }
    }

    private static String randomText(Random random, int length) {
        StringBuilder text = new StringBuilder();
        while (text.length() < length) {
            int kind = random.nextInt(5);
            int codePoint = switch (kind) {
                case 0 -> 1 + random.nextInt(0x7F);
                case 1 -> 0x80 + random.nextInt(0x800 - 0x80);
                case 2 -> 0x800 + random.nextInt(0xD800 - 0x800);
                case 3 -> 0xE000 + random.nextInt(0x10000 - 0xE000);
                default -> 0x10000 + random.nextInt(0x110000 - 0x10000);
            };
            text.appendCodePoint(codePoint);
        }
        return text.toString();
    }

    @Test
    void shouldEncodeTextExactlyAsTheJdkDoesForEveryPlaneOfUnicode() throws SQLException {
        Random random = new Random(7);
        for (int round = 0; round < 2_000; round++) {
            String text = randomText(random, random.nextInt(round % 100 == 0 ? 20_000 : 40));
            Recorder recorder = new Recorder();
            CopyBuffer buffer = new CopyBuffer(4096, recorder);
            assertThat(buffer.appendUtf8(text)).isEqualTo(CopyBuffer.TEXT_OK);
            buffer.flush();
            assertThat(recorder.sent.toByteArray()).isEqualTo(text.getBytes(StandardCharsets.UTF_8));
        }
    }

    @Test
    void shouldRefuseNulAndLoneSurrogatesWhichPostgresCannotStore() {
        CopyBuffer buffer = new CopyBuffer(4096, new Recorder());
        assertThat(buffer.appendUtf8("abc\u0000")).isEqualTo(CopyBuffer.TEXT_HAS_NUL);
        assertThat(buffer.appendUtf8("é\u0000")).isEqualTo(CopyBuffer.TEXT_HAS_NUL);
        assertThat(buffer.appendUtf8("x\uD83D")).isEqualTo(CopyBuffer.TEXT_HAS_LONE_SURROGATE);
        assertThat(buffer.appendUtf8("\uDE00x")).isEqualTo(CopyBuffer.TEXT_HAS_LONE_SURROGATE);
        assertThat(buffer.appendUtf8("\uD83D\uDE00")).isEqualTo(CopyBuffer.TEXT_OK);
    }

    @Test
    void shouldWriteBigEndianWordsAndPatchLengthsAfterTheFact() throws SQLException {
        Recorder recorder = new Recorder();
        CopyBuffer buffer = new CopyBuffer(4096, recorder);
        int at = buffer.beginValue();
        buffer.writeShort(-2);
        buffer.writeLong(0x0102030405060708L);
        buffer.endValue(at);
        buffer.writeLengthAndInt(0xA0B0C0D0);
        buffer.flush();
        assertThat(recorder.sent.toByteArray()).containsExactly(0, 0, 0, 10, 0xFF, 0xFE, 1, 2, 3, 4, 5, 6, 7, 8,
                0, 0, 0, 4, 0xA0, 0xB0, 0xC0, 0xD0);
    }

    @Test
    void shouldSendInWritesOfTheFlushSizeAndGrowOnlyForARowLargerThanThat() throws SQLException {
        Recorder recorder = new Recorder();
        CopyBuffer buffer = new CopyBuffer(8192, recorder);
        int initialCapacity = buffer.capacity();
        byte[] small = new byte[1000];
        for (int row = 0; row < 100; row++) {
            buffer.writeBytes(small, 0, small.length);
            if (buffer.shouldFlush()) {
                buffer.flush();
            }
        }
        assertThat(recorder.writes).allSatisfy(size -> assertThat(size).isBetween(8192, 8192 + 1000));

        byte[] huge = new byte[1_000_000];
        Arrays.fill(huge, (byte) 7);
        huge[huge.length - 1] = 9;
        buffer.writeBytes(huge, 0, huge.length);
        assertThat(buffer.capacity()).isGreaterThan(huge.length);
        long before = buffer.totalBytes();
        buffer.flush();
        assertThat(buffer.totalBytes()).isEqualTo(before);
        byte[] sent = recorder.sent.toByteArray();
        assertThat(sent).hasSize(100 * 1000 + huge.length);
        assertThat(ByteBuffer.wrap(sent, sent.length - 1, 1).get()).isEqualTo((byte) 9);

        buffer.writeBytes(small, 0, small.length);
        buffer.flush();
        assertThat(recorder.writes.get(recorder.writes.size() - 1)).isEqualTo(1000);
        assertThat(buffer.capacity()).as("memory given back after the huge row").isEqualTo(initialCapacity);
    }
}
