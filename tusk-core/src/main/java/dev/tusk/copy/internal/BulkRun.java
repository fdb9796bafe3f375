package dev.tusk.copy.internal;

import dev.tusk.internal.Shown;
import dev.tusk.CopyException;
import dev.tusk.Progress;
import dev.tusk.ProgressListener;
import dev.tusk.ServerError;
import dev.tusk.TuskException;
import dev.tusk.UndefinedColumnException;
import dev.tusk.copy.BulkInsertResult;
import dev.tusk.copy.BulkMethod;
import dev.tusk.copy.CopyResult;
import dev.tusk.copy.UpsertResult;
import dev.tusk.internal.Connections;
import dev.tusk.query.internal.UntypedText;
import dev.tusk.query.internal.TypeMappers;
import dev.tusk.tx.Transaction;

import java.lang.reflect.RecordComponent;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Iterator;
import java.util.List;
import java.util.Locale;
import java.util.UUID;

/** Runs bulk inserts (multi-row INSERT or binary COPY, by size) and bulk upserts (COPY into a temporary table, then merge). */
public final class BulkRun {

    /** PostgreSQL's limit on parameters in one statement. */
    private static final int MAX_PARAMETERS = 65_535;
    /** Rows per INSERT statement: past this, planning a statement costs more than another round trip. */
    private static final int MAX_ROWS_PER_STATEMENT = 1_000;

    private BulkRun() {
    }

    /** Inserts {@code rows} into {@code table}: multi-row INSERTs below {@code threshold} rows, binary COPY from it on. */
    public static BulkInsertResult insert(Connections scope, String table, List<String> columns, int threshold,
                                          ProgressListener progress, Iterable<?> rows) {
        long started = System.nanoTime();
        List<Object> head = new ArrayList<>();
        Iterator<?> rest = rows.iterator();
        boolean small;
        if (rows instanceof Collection<?> collection) {
            small = collection.size() < threshold;
        } else {
            // A stream or other iterable: read ahead as far as the threshold to learn which side of it we are on.
            while (head.size() < threshold && rest.hasNext()) {
                head.add(rest.next());
            }
            small = !rest.hasNext() && head.size() < threshold;
        }
        if (small) {
            List<?> all = rows instanceof Collection<?> collection ? List.copyOf(collection) : head;
            long inserted = insertRows(scope, table, columns, all, progress, started);
            return new BulkInsertResult(inserted, BulkMethod.MULTI_ROW_INSERT, Duration.ofNanos(System.nanoTime() - started));
        }
        Iterator<?> source = rows instanceof Collection<?> ? rest : concat(head.iterator(), rest);
        CopyResult copied = CopyHandles.over(scope).copyIn(table).columns(columns).progress(progress).from(source);
        return new BulkInsertResult(copied.rows(), BulkMethod.BINARY_COPY, Duration.ofNanos(System.nanoTime() - started));
    }

    /**
     * Copies {@code rows} into a temporary table shaped like {@code columns} of {@code table}, then merges them with
     * {@code INSERT … ON CONFLICT (conflictColumns)}, updating {@code updateColumns} (or nothing), in one transaction.
     */
    public static UpsertResult upsert(Connections scope, String table, List<String> columns, ProgressListener progress,
                                      Iterable<?> rows, List<String> conflictColumns, List<String> updateColumns) {
        long started = System.nanoTime();
        long[] counts = inTransaction(scope, transaction -> {
            CopyTarget target = CopyTarget.resolve(transaction.connection(), table, columns);
            List<String> conflict = within(target, conflictColumns, "conflict");
            List<String> update = within(target, updateColumns, "update");
            String staging = "tusk_upsert_" + UUID.randomUUID().toString().replace("-", "").substring(0, 12);
            // Only the listed columns, without the target's constraints or defaults: the merge applies those.
            transaction.execute("CREATE TEMP TABLE " + staging + " ON COMMIT DROP AS SELECT " + target.quotedColumnList()
                    + " FROM " + target.quotedTable() + " WITH NO DATA");
            transaction.copy().copyIn(staging).columns(target.columns()).progress(progress).from(rows);
            String action = update.isEmpty() ? "DO NOTHING" : "DO UPDATE SET " + String.join(", ",
                    update.stream().map(c -> CopyTarget.quote(c) + " = EXCLUDED." + CopyTarget.quote(c)).toList());
            // xmax is 0 on a row version this statement inserted, and set on one it updated.
            List<Boolean> inserted = transaction.query("INSERT INTO " + target.quotedTable() + " ("
                    + target.quotedColumnList() + ") SELECT " + target.quotedColumnList() + " FROM " + staging
                    + " ON CONFLICT (" + String.join(", ", conflict.stream().map(CopyTarget::quote).toList()) + ") "
                    + action + " RETURNING (xmax = 0)", Boolean.class);
            long insertedRows = inserted.stream().filter(Boolean::booleanValue).count();
            return new long[] {insertedRows, inserted.size() - insertedRows};
        });
        return new UpsertResult(counts[0], counts[1], Duration.ofNanos(System.nanoTime() - started));
    }

    /**
     * Runs {@code work} in a transaction of {@code scope}: a new one on a client, a savepoint inside an open one. Every
     * {@link Connections#atomically} hands its work a transaction handle, which is what the statements run on.
     */
    private static <R> R inTransaction(Connections scope, java.util.function.Function<Transaction, R> work) {
        return scope.atomically(connections -> work.apply((Transaction) connections));
    }

    /**
     * Inserts a few rows with multi-row INSERTs, with the same catalog look-up and encoders as COPY, so that the call
     * stores the same values, and refuses the same ones with the same message, whichever side of the threshold it
     * falls. The look-up is remembered per client ({@link InsertTargets}); a remembered one is trusted only as far as
     * it goes: an encoder that refuses a value, or a server error a schema change explains, looks the table up again
     * and runs the call once more (nothing was written: the statements ran in their own transaction or savepoint).
     */
    private static long insertRows(Connections scope, String table, List<String> columns, List<?> rows,
                                   ProgressListener progress, long started) {
        boolean showValues = scope.messagesShowValues();
        InsertTargets remembered = scope.insertTargets();
        CopyTarget cached = remembered.get(table, columns);
        if (cached != null) {
            Object[] texts;
            try {
                texts = encode(cached, table, columns, rows, showValues);
            } catch (TuskException refused) {
                texts = null;
            }
            if (texts != null) {
                Object[] encoded = texts;
                try {
                    return inTransaction(scope, transaction -> insertStatements(transaction, cached, table, encoded,
                            rows.size(), progress, started));
                } catch (TuskException failure) {
                    if (!schemaMayHaveChanged(failure)) {
                        throw failure;
                    }
                }
            }
            remembered.forget(table, columns);
        }
        return inTransaction(scope, transaction -> {
            CopyTarget target = CopyTarget.resolve(transaction.connection(), table, columns);
            remembered.lookedUp();
            // Every value is encoded before anything is sent: a value Tusk can refuse fails the call with nothing written.
            Object[] texts = encode(target, table, columns, rows, showValues);
            long inserted = insertStatements(transaction, target, table, texts, rows.size(), progress, started);
            remembered.put(table, columns, target);
            return inserted;
        });
    }

    /**
     * Whether {@code failure} may come from a table that changed since it was looked up: a name or type that no longer
     * fits (class 42), a generated column, or text the column's new type does not read.
     */
    private static boolean schemaMayHaveChanged(TuskException failure) {
        String state = failure.sqlState();
        return state != null && (state.startsWith("42") || state.equals("428C9") || state.equals("22P02")
                || state.equals("22007") || state.equals("22008") || state.equals("0A000"));
    }

    /** Each row's values as the text {@code target}'s encoders give, row after row, or the refusal of the first bad one. */
    private static Object[] encode(CopyTarget target, String table, List<String> columns, List<?> rows,
                                   boolean showValues) {
        int width = target.columns().size();
        Object[] texts = new Object[rows.size() * width];
        Object[] values = new Object[width];
        RowValues reader = new RowValues(table, columns);
        for (int row = 0; row < rows.size(); row++) {
            reader.copyInto(rows.get(row), row + 1, values, 0);
            for (int column = 0; column < width; column++) {
                Object value = values[column];
                if (value == null) {
                    continue;
                }
                try {
                    texts[row * width + column] = new UntypedText(target.encoders()[column].text(value));
                } catch (EncodeFailure failure) {
                    throw RowEncoder.refusal(target, row + 1, column, failure, showValues);
                }
            }
        }
        return texts;
    }

    private static long insertStatements(Transaction transaction, CopyTarget target, String table, Object[] texts,
                                         int rowCount, ProgressListener progress, long started) {
        int width = target.columns().size();
        int rowsPerStatement = Math.max(1, Math.min(MAX_ROWS_PER_STATEMENT, MAX_PARAMETERS / width));
        // The table as the caller named it (quoted from the catalog): unqualified, the server resolves it through the
        // session's search_path each time, so a remembered look-up never sends rows to another schema's table.
        String prefix = "INSERT INTO " + target.insertName(table) + " (" + target.quotedColumnList() + ") VALUES ";
        String tuple = "(" + String.join(", ", java.util.Collections.nCopies(width, "?")) + ")";
        long inserted = 0;
        for (int from = 0; from < rowCount; from += rowsPerStatement) {
            int to = Math.min(rowCount, from + rowsPerStatement);
            StringBuilder sql = new StringBuilder(prefix.length() + (to - from) * (tuple.length() + 2)).append(prefix);
            for (int row = from; row < to; row++) {
                sql.append(row == from ? "" : ", ").append(tuple);
            }
            Object[] parameters = java.util.Arrays.copyOfRange(texts, from * width, to * width);
            inserted += transaction.execute(sql.toString(), parameters);
            progress.onProgress(new Progress(inserted, rowCount, 0, Duration.ofNanos(System.nanoTime() - started)));
        }
        return inserted;
    }

    private static List<String> within(CopyTarget target, List<String> names, String role) {
        List<String> found = new ArrayList<>();
        for (String name : names) {
            String match = target.columns().contains(name) ? name
                    : target.columns().contains(name.toLowerCase(Locale.ROOT)) ? name.toLowerCase(Locale.ROOT) : null;
            if (match == null) {
                throw new UndefinedColumnException(role + " column \"" + Shown.name(name) + "\" is not one of the columns being written to "
                        + target.qualifiedName() + ": " + String.join(", ", target.columns()), null, target.error("42703", name));
            }
            found.add(match);
        }
        return found;
    }

    private static Iterator<Object> concat(Iterator<?> first, Iterator<?> second) {
        return new Iterator<>() {
            @Override
            public boolean hasNext() {
                return first.hasNext() || second.hasNext();
            }

            @Override
            public Object next() {
                return first.hasNext() ? first.next() : second.next();
            }
        };
    }

    /** Reads the values of one row, a record or an {@code Object[]}, in the target's column order. */
    private static final class RowValues {
        private final String table;
        private final List<String> columns;
        private Class<?> boundType;
        private RecordComponent[] componentOf;

        RowValues(String table, List<String> columns) {
            this.table = table;
            this.columns = columns;
        }

        private ServerError error(String sqlState, String column) {
            return new ServerError(sqlState, null, null, null, table, column, null);
        }

        void copyInto(Object row, long rowNumber, Object[] into, int offset) {
            if (row instanceof Object[] array) {
                if (array.length != columns.size()) {
                    throw new CopyException("row " + rowNumber + " has " + array.length + " values but " + columns.size()
                            + " columns were named (" + String.join(", ", columns) + ")", null, error("22023", null),
                            rowNumber);
                }
                System.arraycopy(array, 0, into, offset, array.length);
                return;
            }
            if (row == null || !row.getClass().isRecord()) {
                throw new CopyException("row " + rowNumber + " is " + (row == null ? "null" : "a " + row.getClass().getName())
                        + "; rows must be records (matched to columns by name) or Object[] (by position)", null,
                        error("22023", null), rowNumber);
            }
            if (row.getClass() != boundType) {
                bind(row.getClass(), rowNumber);
            }
            for (int i = 0; i < columns.size(); i++) {
                try {
                    into[offset + i] = componentOf[i].getAccessor().invoke(row);
                } catch (ReflectiveOperationException e) {
                    throw new CopyException("row " + rowNumber + ": cannot read " + componentOf[i].getName() + " of "
                            + row.getClass().getName() + ": " + e.getMessage(), e, error("22023", columns.get(i)), rowNumber);
                }
            }
        }

        private void bind(Class<?> type, long rowNumber) {
            RecordComponent[] components = type.getRecordComponents();
            RecordComponent[] byColumn = new RecordComponent[columns.size()];
            for (int i = 0; i < columns.size(); i++) {
                String key = TypeMappers.matchKey(columns.get(i));
                for (RecordComponent component : components) {
                    if (TypeMappers.matchKey(component.getName()).equals(key)) {
                        byColumn[i] = component;
                        component.getAccessor().setAccessible(true);
                    }
                }
                if (byColumn[i] == null) {
                    throw new CopyException("row " + rowNumber + ": record " + type.getSimpleName() + " has no component for column \""
                            + columns.get(i) + "\"", null, error("42703", columns.get(i)), rowNumber);
                }
            }
            boundType = type;
            componentOf = byColumn;
        }
    }
}
