package dev.tusk.copy.internal;

import dev.tusk.query.Json;

import java.nio.ByteBuffer;
import java.util.HexFormat;
import java.util.UUID;

/** Encoders for the text family (text, varchar, bpchar, name, enums), json, jsonb, bytea and uuid. */
final class TextEncoders {

    private static final int JSONB_VERSION = 1;

    private TextEncoders() {
    }

    /** Text-like columns take a String, any CharSequence, a Character or an enum constant (its name). */
    static ColumnEncoder text(String typeName) {
        return new ColumnEncoder(typeName) {
            @Override
            void write(Object value, CopyBuffer out) {
                writeText(string(value), value, -1, out);
            }

            @Override
            String text(Object value) {
                return checkedText(string(value), value);
            }

            private String string(Object value) {
                if (value instanceof String string) {
                    return string;
                } else if (value instanceof CharSequence || value instanceof Character) {
                    return value.toString();
                } else if (value instanceof Enum<?> constant) {
                    return constant.name();
                }
                throw wrongType(value);
            }
        };
    }

    /** json takes its text as a String or a Tusk {@link Json}; jsonb the same, after a format version byte. */
    static ColumnEncoder json(String typeName, boolean binary) {
        return new ColumnEncoder(typeName) {
            @Override
            void write(Object value, CopyBuffer out) {
                writeText(string(value), value, binary ? JSONB_VERSION : -1, out);
            }

            @Override
            String text(Object value) {
                // The same text for json and jsonb: json keeps it verbatim, jsonb normalises it on the server either way.
                return checkedText(string(value), value);
            }

            private String string(Object value) {
                if (value instanceof String string) {
                    return string;
                } else if (value instanceof Json json) {
                    return json.text();
                }
                throw wrongType(value);
            }
        };
    }

    static ColumnEncoder bytea(String typeName) {
        return new ColumnEncoder(typeName) {
            @Override
            void write(Object value, CopyBuffer out) {
                if (value instanceof byte[] bytes) {
                    out.writeInt(bytes.length);
                    out.writeBytes(bytes, 0, bytes.length);
                } else if (value instanceof ByteBuffer buffer) {
                    ByteBuffer view = buffer.duplicate();
                    out.writeInt(view.remaining());
                    byte[] chunk = new byte[Math.min(view.remaining(), 8192)];
                    while (view.hasRemaining()) {
                        int length = Math.min(chunk.length, view.remaining());
                        view.get(chunk, 0, length);
                        out.writeBytes(chunk, 0, length);
                    }
                } else {
                    throw wrongType(value);
                }
            }

            @Override
            String text(Object value) {
                byte[] bytes;
                if (value instanceof byte[] array) {
                    bytes = array;
                } else if (value instanceof ByteBuffer buffer) {
                    ByteBuffer view = buffer.duplicate();
                    bytes = new byte[view.remaining()];
                    view.get(bytes);
                } else {
                    throw wrongType(value);
                }
                return "\\x" + HexFormat.of().formatHex(bytes);
            }
        };
    }

    /** uuid takes a {@link UUID}, or a String in the canonical 36-character form or as 32 hex digits. */
    static ColumnEncoder uuid(String typeName) {
        return new ColumnEncoder(typeName) {
            @Override
            void write(Object value, CopyBuffer out) {
                UUID uuid = uuid(value);
                out.writeInt(16);
                out.writeLong(uuid.getMostSignificantBits());
                out.writeLong(uuid.getLeastSignificantBits());
            }

            @Override
            String text(Object value) {
                return uuid(value).toString();
            }

            private UUID uuid(Object value) {
                if (value instanceof UUID given) {
                    return given;
                } else if (value instanceof String text) {
                    return parseUuid(text);
                }
                throw wrongType(value);
            }
        };
    }

    private static UUID parseUuid(String text) {
        String hex;
        if (text.length() == 36 && text.charAt(8) == '-' && text.charAt(13) == '-' && text.charAt(18) == '-'
                && text.charAt(23) == '-') {
            hex = text.substring(0, 8) + text.substring(9, 13) + text.substring(14, 18) + text.substring(19, 23)
                    + text.substring(24);
        } else if (text.length() == 32) {
            hex = text;
        } else {
            throw ColumnEncoder.invalid(text, "not a UUID");
        }
        try {
            // Long.parseUnsignedLong takes a leading '+', which a UUID must not have.
            if (hex.indexOf('+') >= 0) {
                throw new NumberFormatException();
            }
            return new UUID(Long.parseUnsignedLong(hex, 0, 16, 16), Long.parseUnsignedLong(hex, 16, 32, 16));
        } catch (NumberFormatException e) {
            throw ColumnEncoder.invalid(text, "not a UUID");
        }
    }

    /** {@code text} unchanged, or the refusal {@link #writeText} gives for text PostgreSQL cannot hold. */
    static String checkedText(String text, Object original) {
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (c == 0) {
                throw ColumnEncoder.invalid(original, "PostgreSQL text cannot hold the NUL character U+0000");
            }
            if (Character.isHighSurrogate(c) && i + 1 < text.length() && Character.isLowSurrogate(text.charAt(i + 1))) {
                i++;
            } else if (Character.isSurrogate(c)) {
                throw ColumnEncoder.invalid(original, "holds a lone UTF-16 surrogate, which has no UTF-8 form");
            }
        }
        return text;
    }

    /** Writes {@code text} as a length-prefixed UTF-8 field, after {@code versionByte} unless it is negative. */
    static void writeText(String text, Object original, int versionByte, CopyBuffer out) {
        int at = out.beginValue();
        if (versionByte >= 0) {
            out.writeByte(versionByte);
        }
        int status = out.appendUtf8(text);
        if (status == CopyBuffer.TEXT_HAS_NUL) {
            throw ColumnEncoder.invalid(original, "PostgreSQL text cannot hold the NUL character U+0000");
        }
        if (status == CopyBuffer.TEXT_HAS_LONE_SURROGATE) {
            throw ColumnEncoder.invalid(original, "holds a lone UTF-16 surrogate, which has no UTF-8 form");
        }
        out.endValue(at);
    }
}
