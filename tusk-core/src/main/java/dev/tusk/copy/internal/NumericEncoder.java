package dev.tusk.copy.internal;

import java.math.BigDecimal;
import java.math.BigInteger;

/**
 * Encodes numeric in PostgreSQL's binary form: a count of base-10000 digits, the weight of the first one, a sign word
 * and the display scale, then the digits. Longs take a fast path; BigDecimals are split from their decimal digits
 * without any division. NaN always, and ±Infinity from PostgreSQL 14 on, come from a double or float.
 */
final class NumericEncoder extends ColumnEncoder {

    private static final int POSITIVE = 0x0000;
    private static final int NEGATIVE = 0x4000;
    private static final int NAN = 0xC000;
    private static final int POSITIVE_INFINITY = 0xD000;
    private static final int NEGATIVE_INFINITY = 0xF000;
    /** PostgreSQL's largest display scale (NUMERIC_DSCALE_MAX). */
    private static final int MAX_SCALE = 0x3FFF;

    private final boolean infinityAllowed;

    NumericEncoder(String typeName, int serverVersionNumber) {
        super(typeName);
        this.infinityAllowed = serverVersionNumber >= 140_000;
    }

    @Override
    void write(Object value, CopyBuffer out) {
        if (value instanceof BigDecimal decimal) {
            writeDecimal(decimal, value, out);
        } else if (value instanceof Long || value instanceof Integer || value instanceof Short || value instanceof Byte) {
            writeLong(((Number) value).longValue(), out);
        } else if (value instanceof BigInteger integer) {
            writeDecimal(new BigDecimal(integer), value, out);
        } else if (value instanceof Double || value instanceof Float) {
            writeFloating(((Number) value).doubleValue(), value, out);
        } else {
            throw wrongType(value);
        }
    }

    @Override
    String text(Object value) {
        if (value instanceof BigDecimal decimal) {
            return decimalText(decimal, value);
        } else if (value instanceof Long || value instanceof Integer || value instanceof Short || value instanceof Byte) {
            return Long.toString(((Number) value).longValue());
        } else if (value instanceof BigInteger integer) {
            return decimalText(new BigDecimal(integer), value);
        } else if (value instanceof Double || value instanceof Float) {
            double floating = ((Number) value).doubleValue();
            if (Double.isNaN(floating)) {
                return "NaN";
            }
            if (Double.isInfinite(floating)) {
                if (!infinityAllowed) {
                    throw outOfRange(value, "numeric infinity needs PostgreSQL 14 or later");
                }
                return floating > 0 ? "Infinity" : "-Infinity";
            }
            return decimalText(BigDecimal.valueOf(floating), value);
        }
        throw wrongType(value);
    }

    /** The plain digits of {@code value} (never an exponent), its display scale kept, as numeric_in reads them. */
    private static String decimalText(BigDecimal value, Object original) {
        int scale = value.scale();
        if (scale > MAX_SCALE) {
            throw outOfRange(original, "scale " + scale + " exceeds numeric's maximum of " + MAX_SCALE);
        }
        if (value.signum() != 0) {
            int length = value.unscaledValue().abs().toString().length();
            int weight = Math.floorDiv(length - 1 - scale, 4);
            if (weight > Short.MAX_VALUE || Math.floorDiv(-scale, 4) < Short.MIN_VALUE) {
                throw outOfRange(original, "too large for numeric");
            }
        }
        return value.toPlainString();
    }

    @Override
    void writeDouble(double value, CopyBuffer out) {
        try {
            writeFloating(value, value, out);
        } catch (EncodeFailure failure) {
            throw failure.asPrimitive("double");
        }
    }

    @Override
    void writeLong(long value, CopyBuffer out) {
        if (value == Long.MIN_VALUE) {
            writeDecimal(BigDecimal.valueOf(value), value, out);
            return;
        }
        long magnitude = Math.abs(value);
        // A long has at most 19 decimal digits: 5 base-10000 digits, gathered low to high.
        short[] digits = new short[5];
        int count = 0;
        while (magnitude != 0) {
            digits[count++] = (short) (magnitude % 10_000);
            magnitude /= 10_000;
        }
        int lowest = 0;
        while (lowest < count && digits[lowest] == 0) {
            lowest++;
        }
        int significant = count - lowest;
        out.writeInt(8 + 2 * significant);
        out.writeShort(significant);
        out.writeShort(count == 0 ? 0 : count - 1);
        out.writeShort(value < 0 ? NEGATIVE : POSITIVE);
        out.writeShort(0);
        for (int i = count - 1; i >= lowest; i--) {
            out.writeShort(digits[i]);
        }
    }

    private void writeFloating(double value, Object original, CopyBuffer out) {
        if (Double.isNaN(value)) {
            writeSpecial(NAN, out);
        } else if (Double.isInfinite(value)) {
            if (!infinityAllowed) {
                throw outOfRange(original, "numeric infinity needs PostgreSQL 14 or later");
            }
            writeSpecial(value > 0 ? POSITIVE_INFINITY : NEGATIVE_INFINITY, out);
        } else {
            // The shortest decimal that reads back as this double, as Double.toString would print it.
            writeDecimal(BigDecimal.valueOf(value), original, out);
        }
    }

    private static void writeSpecial(int sign, CopyBuffer out) {
        out.writeInt(8);
        out.writeShort(0);
        out.writeShort(0);
        out.writeShort(sign);
        out.writeShort(0);
    }

    private void writeDecimal(BigDecimal value, Object original, CopyBuffer out) {
        int scale = value.scale();
        int displayScale = Math.max(scale, 0);
        if (displayScale > MAX_SCALE) {
            throw outOfRange(original, "scale " + scale + " exceeds numeric's maximum of " + MAX_SCALE);
        }
        if (value.signum() == 0) {
            out.writeInt(8);
            out.writeShort(0);
            out.writeShort(0);
            out.writeShort(POSITIVE);
            out.writeShort(displayScale);
            return;
        }
        // value = decimal digits × 10^-scale. The digit for 10^e sits at index (length - 1 - e - scale).
        String decimal = value.unscaledValue().abs().toString();
        int length = decimal.length();
        int highestExponent = length - 1 - scale;
        int lowestExponent = -scale;
        int weight = Math.floorDiv(highestExponent, 4);
        int lowestGroup = Math.floorDiv(lowestExponent, 4);
        while (lowestGroup < weight && group(decimal, lowestGroup, scale) == 0) {
            lowestGroup++;
        }
        int count = weight - lowestGroup + 1;
        if (weight > Short.MAX_VALUE || lowestGroup < Short.MIN_VALUE || count > Short.MAX_VALUE) {
            throw outOfRange(original, "too large for numeric");
        }
        out.writeInt(8 + 2 * count);
        out.writeShort(count);
        out.writeShort(weight);
        out.writeShort(value.signum() < 0 ? NEGATIVE : POSITIVE);
        out.writeShort(displayScale);
        for (int group = weight; group >= lowestGroup; group--) {
            out.writeShort(group(decimal, group, scale));
        }
    }

    /** The base-10000 digit covering 10^(4·group) … 10^(4·group+3) of {@code decimal} × 10^-scale. */
    private static int group(String decimal, int group, int scale) {
        int result = 0;
        for (int exponent = 4 * group + 3; exponent >= 4 * group; exponent--) {
            int index = decimal.length() - 1 - exponent - scale;
            int digit = index >= 0 && index < decimal.length() ? decimal.charAt(index) - '0' : 0;
            result = result * 10 + digit;
        }
        return result;
    }
}
