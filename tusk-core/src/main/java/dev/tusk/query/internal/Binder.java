package dev.tusk.query.internal;

import dev.tusk.query.Interval;
import dev.tusk.query.Json;
import org.postgresql.util.PGobject;

import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.Types;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Collection;

/** Binds Java values to positional parameters, covering the types PgJDBC's {@code setObject} does not. */
public final class Binder {

    private Binder() {
    }

    /** Binds {@code parameters} to placeholders 1..n of {@code statement}. */
    public static void bind(PreparedStatement statement, Object[] parameters) throws SQLException {
        for (int i = 0; i < parameters.length; i++) {
            bind(statement, i + 1, parameters[i]);
        }
    }

    private static void bindArray(PreparedStatement statement, int index, Object[] elements) throws SQLException {
        String elementType = null;
        for (Object element : elements) {
            if (element != null) {
                elementType = arrayElementType(element, index);
                break;
            }
        }
        Object[] sent = elements;
        if ("interval".equals(elementType)) {
            // PgJDBC writes elements with toString(); ISO 8601 is the text the server reads back for every interval.
            sent = new Object[elements.length];
            for (int i = 0; i < elements.length; i++) {
                sent[i] = elements[i] == null ? null : ((Interval) elements[i]).toIso8601();
            }
        }
        // An array of only NULLs carries no type; text is what the server coerces most readily.
        statement.setArray(index, statement.getConnection().createArrayOf(elementType == null ? "text" : elementType,
                sent));
    }

    private static String arrayElementType(Object element, int index) {
        return switch (element) {
            case String ignored -> "text";
            case Integer ignored -> "int4";
            case Long ignored -> "int8";
            case Short ignored -> "int2";
            case Double ignored -> "float8";
            case Float ignored -> "float4";
            case Boolean ignored -> "bool";
            case java.math.BigDecimal ignored -> "numeric";
            case java.util.UUID ignored -> "uuid";
            case java.time.LocalDate ignored -> "date";
            case java.time.LocalDateTime ignored -> "timestamp";
            case java.time.OffsetDateTime ignored -> "timestamptz";
            case byte[] ignored -> "bytea";
            case Interval ignored -> "interval";
            default -> throw new IllegalArgumentException("parameter " + index + " is an array of "
                    + element.getClass().getName() + ", which Tusk cannot bind; use String, Integer, Long, Short, Double, "
                    + "Float, Boolean, BigDecimal, UUID, LocalDate, LocalDateTime, OffsetDateTime, byte[] or Interval elements");
        };
    }

    private static void bindInterval(PreparedStatement statement, int index, Interval interval) throws SQLException {
        // ISO 8601 signs each field, so the server reads it the same whatever the session's IntervalStyle; it also
        // reads back the smallest time part, whose postgres-style text the server itself refuses.
        PGobject object = new PGobject();
        object.setType("interval");
        object.setValue(interval.toIso8601());
        statement.setObject(index, object);
    }

    private static void bind(PreparedStatement statement, int index, Object value) throws SQLException {
        switch (value) {
            case null -> statement.setNull(index, Types.NULL);
            case Instant instant -> statement.setObject(index, instant.atOffset(ZoneOffset.UTC));
            case java.time.ZonedDateTime zoned -> statement.setObject(index, zoned.toOffsetDateTime());
            case Enum<?> constant -> statement.setObject(index, constant.name(), Types.OTHER);
            case Json json -> {
                PGobject object = new PGobject();
                object.setType("jsonb");
                object.setValue(json.text());
                statement.setObject(index, object);
            }
            case Interval interval -> bindInterval(statement, index, interval);
            case java.time.Duration duration -> bindInterval(statement, index, Interval.ofDuration(duration));
            case java.time.Period period -> bindInterval(statement, index, Interval.ofPeriod(period));
            case Character character -> statement.setString(index, character.toString());
            case Collection<?> collection -> bindArray(statement, index, collection.toArray());
            case Object[] array -> bindArray(statement, index, array);
            default -> statement.setObject(index, value);
        }
    }
}
