package dev.tusk.copy.internal.out;

/** Turns one field of a binary COPY row (PostgreSQL's binary send format of its type) into a Java value. */
@FunctionalInterface
interface FieldDecoder {

    /** The value held in {@code length} bytes of {@code bytes} from {@code offset}; never called for SQL NULL. */
    Object decode(byte[] bytes, int offset, int length);
}
