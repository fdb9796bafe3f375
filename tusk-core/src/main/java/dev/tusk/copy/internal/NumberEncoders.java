package dev.tusk.copy.internal;

import java.math.BigInteger;

/** Encoders for bool, int2, int4, int8, float4 and float8; primitives arrive unboxed and integers are range-checked. */
final class NumberEncoders {

    private NumberEncoders() {
    }

    static ColumnEncoder bool(String typeName) {
        return new ColumnEncoder(typeName) {
            @Override
            void write(Object value, CopyBuffer out) {
                if (!(value instanceof Boolean flag)) {
                    throw wrongType(value);
                }
                writeBoolean(flag, out);
            }

            @Override
            String text(Object value) {
                if (!(value instanceof Boolean flag)) {
                    throw wrongType(value);
                }
                return flag ? "t" : "f";
            }

            @Override
            void writeBoolean(boolean value, CopyBuffer out) {
                out.writeInt(1);
                out.writeByte(value ? 1 : 0);
            }
        };
    }

    static ColumnEncoder int2(String typeName) {
        return new IntegerEncoder(typeName, Short.MIN_VALUE, Short.MAX_VALUE) {
            @Override
            void writeInRange(long value, CopyBuffer out) {
                out.writeInt(2);
                out.writeShort((int) value);
            }
        };
    }

    static ColumnEncoder int4(String typeName) {
        return new IntegerEncoder(typeName, Integer.MIN_VALUE, Integer.MAX_VALUE) {
            @Override
            void writeInRange(long value, CopyBuffer out) {
                out.writeLengthAndInt((int) value);
            }
        };
    }

    static ColumnEncoder int8(String typeName) {
        return new IntegerEncoder(typeName, Long.MIN_VALUE, Long.MAX_VALUE) {
            @Override
            void writeInRange(long value, CopyBuffer out) {
                out.writeLengthAndLong(value);
            }
        };
    }

    static ColumnEncoder float4(String typeName) {
        return new ColumnEncoder(typeName) {
            @Override
            void write(Object value, CopyBuffer out) {
                if (value instanceof Float single) {
                    out.writeLengthAndInt(Float.floatToIntBits(single));
                } else if (value instanceof Number number && !(value instanceof Double)) {
                    out.writeLengthAndInt(Float.floatToIntBits(number.floatValue()));
                } else if (value instanceof Double wide) {
                    out.writeLengthAndInt(Float.floatToIntBits(narrow(wide, value)));
                } else {
                    throw wrongType(value);
                }
            }

            @Override
            String text(Object value) {
                // Float.toString is the shortest decimal that reads back as the same float; strtof reads it exactly.
                return Float.toString(single(value));
            }

            private float single(Object value) {
                if (value instanceof Float single) {
                    return single;
                } else if (value instanceof Number number && !(value instanceof Double)) {
                    return number.floatValue();
                } else if (value instanceof Double wide) {
                    return narrow(wide, value);
                }
                throw wrongType(value);
            }

            @Override
            void writeDouble(double value, CopyBuffer out) {
                try {
                    out.writeLengthAndInt(Float.floatToIntBits(narrow(value, value)));
                } catch (EncodeFailure failure) {
                    throw failure.asPrimitive("double");
                }
            }

            private float narrow(double value, Object original) {
                float narrowed = (float) value;
                if (Float.isInfinite(narrowed) && !Double.isInfinite(value)) {
                    throw outOfRange(original, "out of range for " + typeName());
                }
                return narrowed;
            }

            @Override
            void writeLong(long value, CopyBuffer out) {
                out.writeLengthAndInt(Float.floatToIntBits((float) value));
            }
        };
    }

    static ColumnEncoder float8(String typeName) {
        return new ColumnEncoder(typeName) {
            @Override
            void write(Object value, CopyBuffer out) {
                if (value instanceof Number number) {
                    // Any Number: Double and Float exactly, integers and BigDecimal to the nearest double.
                    out.writeLengthAndLong(Double.doubleToLongBits(number.doubleValue()));
                } else {
                    throw wrongType(value);
                }
            }

            @Override
            String text(Object value) {
                if (!(value instanceof Number number)) {
                    throw wrongType(value);
                }
                return Double.toString(number.doubleValue());
            }

            @Override
            void writeDouble(double value, CopyBuffer out) {
                out.writeLengthAndLong(Double.doubleToLongBits(value));
            }

            @Override
            void writeLong(long value, CopyBuffer out) {
                out.writeLengthAndLong(Double.doubleToLongBits(value));
            }
        };
    }

    /** Integers of any Java width into a column of [min, max]; anything else, floats included, is refused. */
    private abstract static class IntegerEncoder extends ColumnEncoder {
        private final long min;
        private final long max;

        IntegerEncoder(String typeName, long min, long max) {
            super(typeName);
            this.min = min;
            this.max = max;
        }

        abstract void writeInRange(long value, CopyBuffer out);

        @Override
        final void writeLong(long value, CopyBuffer out) {
            if (value < min || value > max) {
                throw outOfRange(value, rangeText()).asPrimitive("long");
            }
            writeInRange(value, out);
        }

        @Override
        final void write(Object value, CopyBuffer out) {
            writeInRange(checked(value), out);
        }

        @Override
        final String text(Object value) {
            return Long.toString(checked(value));
        }

        private long checked(Object value) {
            long integer;
            if (value instanceof Long || value instanceof Integer || value instanceof Short || value instanceof Byte) {
                integer = ((Number) value).longValue();
            } else if (value instanceof BigInteger big) {
                if (big.bitLength() > 63) {
                    throw outOfRange(value, rangeText());
                }
                integer = big.longValue();
            } else {
                throw wrongType(value);
            }
            if (integer < min || integer > max) {
                throw outOfRange(value, rangeText());
            }
            return integer;
        }

        private String rangeText() {
            return "out of range for " + typeName() + ": " + min + " to " + max;
        }
    }
}
