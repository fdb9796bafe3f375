package dev.tusk.copy.internal;

import dev.tusk.query.Json;

import java.nio.ByteBuffer;
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
                String text;
                if (value instanceof String string) {
                    text = string;
                } else if (value instanceof CharSequence || value instanceof Character) {
                    text = value.toString();
                } else if (value instanceof Enum<?> constant) {
                    text = constant.name();
                } else {
                    throw wrongType(value);
                }
                writeText(text, value, -1, out);
            }
        };
    }

    /** json takes its text as a String or a Tusk {@link Json}; jsonb the same, after a format version byte. */
    static ColumnEncoder json(String typeName, boolean binary) {
        return new ColumnEncoder(typeName) {
            @Override
            void write(Object value, CopyBuffer out) {
                String text;
                if (value instanceof String string) {
                    text = string;
                } else if (value instanceof Json json) {
                    text = json.text();
                } else {
                    throw wrongType(value);
                }
                writeText(text, value, binary ? JSONB_VERSION : -1, out);
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
        };
    }

    /** uuid takes a {@link UUID}, or a String in the canonical 36-character form or as 32 hex digits. */
    static ColumnEncoder uuid(String typeName) {
        return new ColumnEncoder(typeName) {
            @Override
            void write(Object value, CopyBuffer out) {
                UUID uuid;
                if (value instanceof UUID given) {
                    uuid = given;
                } else if (value instanceof String text) {
                    uuid = parseUuid(text);
                } else {
                    throw wrongType(value);
                }
                out.writeInt(16);
                out.writeLong(uuid.getMostSignificantBits());
                out.writeLong(uuid.getLeastSignificantBits());
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
