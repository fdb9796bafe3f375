package dev.tusk.bench.bulk;

import java.io.Reader;
import java.time.format.DateTimeFormatter;
import java.util.Iterator;

/**
 * Renders rows as CSV lazily, a row at a time, for PgJDBC's {@code CopyManager.copyIn(sql, Reader)}: the CSV peer
 * pays for formatting the same records the binary methods encode, as an application feeding CSV would.
 */
public final class CsvReader extends Reader {

    private final Iterator<Person> rows;
    private final StringBuilder line = new StringBuilder(256);
    private int position;

    /** CSV of the rows {@code rows} has left, one line each, no header. */
    public CsvReader(Iterator<Person> rows) {
        this.rows = rows;
    }

    /** Fills {@code buffer} with the next CSV characters, rendering rows as needed; -1 once every row is out. */
    @Override
    public int read(char[] buffer, int offset, int length) {
        int written = 0;
        while (written < length) {
            if (position == line.length()) {
                if (!rows.hasNext()) {
                    break;
                }
                render(rows.next());
            }
            int count = Math.min(length - written, line.length() - position);
            line.getChars(position, position + count, buffer, offset + written);
            position += count;
            written += count;
        }
        return written == 0 && length > 0 ? -1 : written;
    }

    private void render(Person person) {
        line.setLength(0);
        position = 0;
        line.append(person.id()).append(',');
        quoted(person.name());
        line.append(',');
        quoted(person.email());
        line.append(',');
        DateTimeFormatter.ISO_OFFSET_DATE_TIME.formatTo(person.createdAt(), line);
        line.append(',').append(person.score()).append('\n');
    }

    /** Quotes only where CSV needs it, so the common case costs a scan and no copy. */
    private void quoted(String value) {
        boolean needs = false;
        for (int i = 0; i < value.length() && !needs; i++) {
            char c = value.charAt(i);
            needs = c == ',' || c == '"' || c == '\n' || c == '\r';
        }
        if (!needs) {
            line.append(value);
            return;
        }
        line.append('"');
        for (int i = 0; i < value.length(); i++) {
            char c = value.charAt(i);
            if (c == '"') {
                line.append('"');
            }
            line.append(c);
        }
        line.append('"');
    }

    /** Does nothing: the rows are generated, not opened. */
    @Override
    public void close() {
    }
}
