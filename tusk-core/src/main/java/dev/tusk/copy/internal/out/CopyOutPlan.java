package dev.tusk.copy.internal.out;

import dev.tusk.copy.CopyOutSource;

import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSetMetaData;
import java.sql.SQLException;
import java.sql.Types;
import java.util.StringJoiner;

/**
 * How one binary COPY out runs: the COPY statement, the columns it yields and a decoder for each. Column types come
 * from describing the query once (no rows are fetched); the server describes a domain by its base type. Columns of a
 * type Tusk has no binary decoder for (enums, ranges, money, xml, user types…) are cast to {@code text} in the COPY's
 * query and arrive as String, arrays of them to {@code text[]} and arrive as String arrays.
 *
 * @param copySql  the {@code COPY (…) TO STDOUT (FORMAT binary)} statement
 * @param columns  labels and type names of the columns, as the query describes them
 * @param decoders one decoder per column
 */
record CopyOutPlan(String copySql, CopyColumns columns, FieldDecoder[] decoders) {

    private static final FieldDecoder TEXT = (b, o, n) -> new String(b, o, n, StandardCharsets.UTF_8);
    private static final BinaryDecoders.Decoding TEXT_ARRAY = BinaryDecoders.forTypeName("_text");

    /** Describes {@code source} on {@code connection} and plans its binary COPY. */
    static CopyOutPlan prepare(Connection connection, CopyOutSource source) throws SQLException {
        String select = CopyTargets.selectSql(connection, source);
        String[] names;
        String[] typeNames;
        boolean[] arrays;
        try (PreparedStatement statement = connection.prepareStatement(select)) {
            ResultSetMetaData meta = statement.getMetaData();
            if (meta == null || meta.getColumnCount() == 0) {
                throw new IllegalArgumentException("COPY out needs a query that returns columns, but this one returns "
                        + "none: " + select);
            }
            names = new String[meta.getColumnCount()];
            typeNames = new String[names.length];
            arrays = new boolean[names.length];
            for (int i = 0; i < names.length; i++) {
                names[i] = meta.getColumnLabel(i + 1);
                typeNames[i] = meta.getColumnTypeName(i + 1);
                arrays[i] = meta.getColumnType(i + 1) == Types.ARRAY;
            }
        }
        FieldDecoder[] decoders = new FieldDecoder[names.length];
        boolean castToText = false;
        StringJoiner projected = new StringJoiner(", ");
        StringJoiner aliases = new StringJoiner(", ");
        for (int i = 0; i < names.length; i++) {
            BinaryDecoders.Decoding decoding = BinaryDecoders.forTypeName(typeNames[i]);
            String alias = "c" + (i + 1);
            aliases.add(alias);
            if (decoding == null && arrays[i]) {
                // An array of enums or ranges arrives as text[], so it reads as String[] as on query results.
                castToText = true;
                decoders[i] = TEXT_ARRAY.decoder();
                projected.add(alias + "::text[]");
            } else if (decoding == null) {
                castToText = true;
                decoders[i] = TEXT;
                projected.add(alias + "::text");
            } else {
                decoders[i] = decoding.decoder();
                projected.add(alias);
            }
        }
        // Positional aliases reach each column whatever its label, even duplicated or "?column?" ones.
        String copied = castToText
                ? "SELECT " + projected + " FROM (" + select + ") AS tusk_copy(" + aliases + ")" : select;
        return new CopyOutPlan("COPY (" + copied + ") TO STDOUT (FORMAT binary)", new CopyColumns(names, typeNames),
                decoders);
    }
}
