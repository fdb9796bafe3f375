package dev.tusk.copy.internal;

import dev.tusk.internal.Shown;

import dev.tusk.CopyException;
import dev.tusk.copy.RowWriter;

import java.util.List;

/**
 * The {@link RowWriter} of one COPY: frames each row (its field count, then its fields) and hands each value to its
 * column's encoder, in column order. Counts rows from 1 so that a refused value can be named by row and column.
 */
final class RowEncoder implements RowWriter {


    private final CopyTarget target;
    private final ColumnEncoder[] encoders;
    private final CopyBuffer out;
    private final int width;
    private final boolean showValues;
    private long row;
    private int field;
    private int rowStart;

    RowEncoder(CopyTarget target, CopyBuffer out, boolean showValues) {
        this.showValues = showValues;
        this.target = target;
        this.encoders = target.encoders();
        this.out = out;
        this.width = encoders.length;
    }

    /** Starts the next row. */
    void beginRow() {
        row++;
        field = 0;
        rowStart = out.position();
        out.writeShort(width);
    }

    /** Takes back a row the source did not give after all; fails if it wrote part of one. */
    void abandonRow() {
        if (field != 0) {
            throw rowFailure("the row source wrote " + field + " of " + width
                    + " values and then said there were no more rows", null);
        }
        out.truncate(rowStart);
        row--;
    }

    /** Ends the row; fails unless every column got a value. */
    void endRow() {
        if (field != width) {
            throw wrongWidth(field);
        }
    }

    /** Rows begun and not abandoned. */
    long rows() {
        return row;
    }

    /** The catalog names of the columns, in row order. */
    List<String> columns() {
        return target.columns();
    }

    /** The number of columns. */
    int width() {
        return width;
    }

    /** A failure for a row that has {@code values} values rather than one per column. */
    CopyException wrongWidth(int values) {
        return new CopyException("row " + row + " has " + values + (values == 1 ? " value" : " values")
                + ", but the COPY into " + target.qualifiedName() + " has " + width + " columns ("
                + String.join(", ", target.columns()) + ")", null, target.error("22023", null), row);
    }

    /** A failure about this row that is not about one value. */
    CopyException rowFailure(String problem, Throwable cause) {
        return new CopyException("row " + row + ": " + problem, cause, target.error("22023", null), row);
    }

    @Override
    public RowWriter write(Object value) {
        int column = next();
        if (value == null) {
            out.writeInt(-1);
            return this;
        }
        try {
            encoders[column].write(value, out);
        } catch (EncodeFailure failure) {
            throw refused(column, failure);
        }
        return this;
    }

    @Override
    public RowWriter write(long value) {
        int column = next();
        try {
            encoders[column].writeLong(value, out);
        } catch (EncodeFailure failure) {
            throw refused(column, failure);
        }
        return this;
    }

    @Override
    public RowWriter write(double value) {
        int column = next();
        try {
            encoders[column].writeDouble(value, out);
        } catch (EncodeFailure failure) {
            throw refused(column, failure);
        }
        return this;
    }

    @Override
    public RowWriter write(boolean value) {
        int column = next();
        try {
            encoders[column].writeBoolean(value, out);
        } catch (EncodeFailure failure) {
            throw refused(column, failure);
        }
        return this;
    }

    @Override
    public RowWriter writeNull() {
        next();
        out.writeInt(-1);
        return this;
    }

    private int next() {
        if (field == width) {
            throw rowFailure("more values were written than the " + width + " columns of the COPY into "
                    + target.qualifiedName() + " (" + String.join(", ", target.columns()) + ")", null);
        }
        return field++;
    }

    private CopyException refused(int column, EncodeFailure failure) {
        return refusal(target, row, column, failure, showValues);
    }

    /**
     * The failure for a value of row {@code row} (from 1) that column {@code column}'s encoder refused: names the row,
     * column, SQL type and Java type, and quotes the value only when {@code showValues}; the value stays on the
     * exception. The same message whichever path, COPY or INSERT, refused it.
     */
    static CopyException refusal(CopyTarget target, long row, int column, EncodeFailure failure, boolean showValues) {
        String message = "row " + row + ", column \"" + target.columns().get(column) + "\" (" + target.types().get(column)
                + "): cannot encode " + failure.javaType() + (showValues ? " " + show(failure.value()) : "")
                + (failure.reason() == null ? "" : " (" + failure.reason() + ")");
        return new CopyException(message, null, target.error(failure.sqlState(), target.columns().get(column)), row,
                failure.value());
    }

    /** A short rendering of a refused value: strings quoted, everything cut to a readable length. */
    static String show(Object value) {
        return Shown.value(value);
    }
}
