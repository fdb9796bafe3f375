package dev.tusk.copy.internal.out;

import dev.tusk.query.Interval;

import java.math.BigDecimal;
import java.math.BigInteger;
import java.math.RoundingMode;
import java.nio.charset.StandardCharsets;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.LocalTime;
import java.time.OffsetDateTime;
import java.time.OffsetTime;
import java.time.ZoneOffset;
import java.util.Map;
import java.util.UUID;

/**
 * Decoders for the binary send format of the built-in types Tusk reads from {@code COPY … (FORMAT binary)}, looked up
 * by the type name PgJDBC reports ({@code int4}, {@code _int4} for its array, …). Values come out in the Java type
 * PgJDBC's {@code getObject} would give, or its java.time equivalent.
 */
final class BinaryDecoders {

    /** A type's decoder, the Java type of its values, and the array component to use when a value is not one. */
    record Decoding(FieldDecoder decoder, Class<?> javaType, Class<?> fallbackType) {
    }

    /** Seconds and days from 1970-01-01 (Java's epoch) to 2000-01-01 (PostgreSQL's). */
    private static final long PG_EPOCH_SECONDS = 946_684_800L;
    private static final long PG_EPOCH_DAYS = 10_957L;
    private static final long MICROS_PER_DAY = 86_400_000_000L;

    private static final int NUMERIC_NEG = 0x4000;
    private static final int NUMERIC_NAN = 0xC000;
    private static final int NUMERIC_PINF = 0xD000;
    private static final int NUMERIC_NINF = 0xF000;
    private static final BigInteger TEN_THOUSAND_POW_4 = BigInteger.valueOf(10_000L * 10_000L * 10_000L * 10_000L);

    private static final FieldDecoder TEXT = (b, o, n) -> new String(b, o, n, StandardCharsets.UTF_8);

    private static final Map<String, Decoding> SCALARS = Map.ofEntries(
            scalar("bool", (b, o, n) -> b[o] != 0, Boolean.class),
            // PgJDBC's getObject gives Integer for int2 (JDBC's rule for SMALLINT); its arrays give Short[].
            scalar("int2", (b, o, n) -> (int) int16(b, o), Integer.class),
            scalar("int4", (b, o, n) -> int32(b, o), Integer.class),
            scalar("int8", (b, o, n) -> int64(b, o), Long.class),
            scalar("float4", (b, o, n) -> Float.intBitsToFloat(int32(b, o)), Float.class),
            scalar("float8", (b, o, n) -> Double.longBitsToDouble(int64(b, o)), Double.class),
            Map.entry("numeric", new Decoding(BinaryDecoders::numeric, BigDecimal.class, Number.class)),
            scalar("text", TEXT, String.class),
            scalar("varchar", TEXT, String.class),
            scalar("bpchar", TEXT, String.class),
            scalar("name", TEXT, String.class),
            scalar("json", TEXT, String.class),
            scalar("jsonb", BinaryDecoders::jsonb, String.class),
            scalar("bytea", (b, o, n) -> java.util.Arrays.copyOfRange(b, o, o + n), byte[].class),
            scalar("uuid", (b, o, n) -> new UUID(int64(b, o), int64(b, o + 8)), UUID.class),
            scalar("date", (b, o, n) -> date(int32(b, o)), LocalDate.class),
            scalar("time", (b, o, n) -> time(int64(b, o)), LocalTime.class),
            scalar("timetz", (b, o, n) -> OffsetTime.of(time(int64(b, o)), ZoneOffset.ofTotalSeconds(-int32(b, o + 8))),
                    OffsetTime.class),
            scalar("timestamp", (b, o, n) -> timestamp(int64(b, o)), LocalDateTime.class),
            scalar("timestamptz", (b, o, n) -> timestamptz(int64(b, o)), OffsetDateTime.class),
            scalar("interval", (b, o, n) -> Interval.of(int32(b, o + 12), int32(b, o + 8), int64(b, o)), Interval.class),
            scalar("inet", InetText::format, String.class),
            scalar("cidr", InetText::format, String.class));

    private BinaryDecoders() {
    }

    /** The decoding for the type PgJDBC names {@code typeName}, or null when Tusk has no binary decoder for it. */
    static Decoding forTypeName(String typeName) {
        Decoding scalar = SCALARS.get(typeName);
        if (scalar != null) {
            return scalar;
        }
        if (typeName.startsWith("_")) {
            Decoding element = SCALARS.get(typeName.substring(1));
            if (element != null) {
                // int2 elements as Short, as PgJDBC's getArray gives them; other elements keep their scalar type.
                Decoding effective = typeName.equals("_int2")
                        ? new Decoding((b, o, n) -> int16(b, o), Short.class, Short.class) : element;
                ArrayDecoder arrays = new ArrayDecoder(effective);
                return new Decoding(arrays, arrays.arrayType(), Object[].class);
            }
        }
        return null;
    }

    private static Map.Entry<String, Decoding> scalar(String name, FieldDecoder decoder, Class<?> type) {
        return Map.entry(name, new Decoding(decoder, type, type));
    }

    static short int16(byte[] b, int o) {
        return (short) (((b[o] & 0xFF) << 8) | (b[o + 1] & 0xFF));
    }

    static int int32(byte[] b, int o) {
        return ((b[o] & 0xFF) << 24) | ((b[o + 1] & 0xFF) << 16) | ((b[o + 2] & 0xFF) << 8) | (b[o + 3] & 0xFF);
    }

    static long int64(byte[] b, int o) {
        return ((long) int32(b, o) << 32) | (int32(b, o + 4) & 0xFFFF_FFFFL);
    }

    /**
     * A numeric as BigDecimal with the column's display scale; NaN and ±Infinity, which BigDecimal cannot hold, come
     * out as the Double that PgJDBC's getObject also returns for them.
     */
    static Object numeric(byte[] b, int o, int length) {
        int digitCount = int16(b, o) & 0xFFFF;
        int weight = int16(b, o + 2);
        int sign = int16(b, o + 4) & 0xFFFF;
        int displayScale = int16(b, o + 6) & 0xFFFF;
        switch (sign) {
            case NUMERIC_NAN:
                return Double.NaN;
            case NUMERIC_PINF:
                return Double.POSITIVE_INFINITY;
            case NUMERIC_NINF:
                return Double.NEGATIVE_INFINITY;
            default:
                break;
        }
        if (digitCount == 0) {
            return BigDecimal.valueOf(0, displayScale);
        }
        // Base-10000 digits, most significant first: fold four at a time into a long, then into a BigInteger.
        BigInteger unscaled = null;
        int position = o + 8;
        for (int start = 0; start < digitCount; start += 4) {
            int end = Math.min(start + 4, digitCount);
            long block = 0;
            for (int i = start; i < end; i++) {
                block = block * 10_000 + int16(b, position + 2 * i);
            }
            if (unscaled == null) {
                unscaled = BigInteger.valueOf(block);
            } else {
                BigInteger shift = end - start == 4 ? TEN_THOUSAND_POW_4 : BigInteger.TEN.pow(4 * (end - start));
                unscaled = unscaled.multiply(shift).add(BigInteger.valueOf(block));
            }
        }
        BigDecimal value = new BigDecimal(unscaled, 4 * (digitCount - 1 - weight));
        if (sign == NUMERIC_NEG) {
            value = value.negate();
        }
        // The server rounds to the display scale before sending, so digits past it are zeros: exact either way.
        return value.setScale(displayScale, RoundingMode.UNNECESSARY);
    }

    private static Object jsonb(byte[] b, int o, int length) {
        if (b[o] != 1) {
            throw new IllegalStateException("unsupported jsonb binary format version " + b[o] + "; Tusk reads version 1");
        }
        return new String(b, o + 1, length - 1, StandardCharsets.UTF_8);
    }

    /** ±infinity as LocalDate.MAX/MIN, as PgJDBC maps them. */
    static LocalDate date(int days) {
        if (days == Integer.MAX_VALUE) {
            return LocalDate.MAX;
        }
        if (days == Integer.MIN_VALUE) {
            return LocalDate.MIN;
        }
        return LocalDate.ofEpochDay(days + PG_EPOCH_DAYS);
    }

    /** 24:00:00, which PostgreSQL allows and LocalTime cannot hold, as LocalTime.MAX, as PgJDBC maps it. */
    static LocalTime time(long micros) {
        return micros >= MICROS_PER_DAY ? LocalTime.MAX : LocalTime.ofNanoOfDay(micros * 1000);
    }

    /** ±infinity as LocalDateTime.MAX/MIN, as PgJDBC maps them. */
    static LocalDateTime timestamp(long micros) {
        if (micros == Long.MAX_VALUE) {
            return LocalDateTime.MAX;
        }
        if (micros == Long.MIN_VALUE) {
            return LocalDateTime.MIN;
        }
        long seconds = Math.floorDiv(micros, 1_000_000L) + PG_EPOCH_SECONDS;
        int nanos = (int) Math.floorMod(micros, 1_000_000L) * 1000;
        return LocalDateTime.ofEpochSecond(seconds, nanos, ZoneOffset.UTC);
    }

    /** In UTC; ±infinity as OffsetDateTime.MAX/MIN, as PgJDBC maps them. */
    static OffsetDateTime timestamptz(long micros) {
        if (micros == Long.MAX_VALUE) {
            return OffsetDateTime.MAX;
        }
        if (micros == Long.MIN_VALUE) {
            return OffsetDateTime.MIN;
        }
        return timestamp(micros).atOffset(ZoneOffset.UTC);
    }
}
