package dev.tusk.bench.bulk;

import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.util.Iterator;
import java.util.NoSuchElementException;

/**
 * The benchmark's rows, generated lazily and deterministically: iterating twice gives equal rows, and nothing is held
 * in memory, so generating them costs every Java method the same and the heap check sees only the loader's memory.
 */
public final class PersonData implements Iterable<Person> {

    /** Column names in table order, as every method loads them. */
    public static final String[] COLUMNS = {"id", "name", "email", "created_at", "score"};

    private static final ZonedDateTime EPOCH = ZonedDateTime.of(2024, 1, 1, 0, 0, 0, 0, ZoneOffset.UTC);
    private static final String[] FIRST = {"Ada", "Grace", "Linus", "Barbara", "Ken", "Edsger", "Frances", "Dennis",
            "Margaret", "Niklaus", "Radia", "Donald", "Zoë", "José", "Björn", "Chloé"};

    private final long rows;

    /** {@code rows} rows with ids 1..rows. */
    public PersonData(long rows) {
        if (rows < 0) {
            throw new IllegalArgumentException("rows must not be negative, but was " + rows);
        }
        this.rows = rows;
    }

    /** How many rows an iteration yields. */
    public long rows() {
        return rows;
    }

    /** The row with id {@code id}: a pure function of the id, so every method and every round sees the same data. */
    public static Person person(long id) {
        // A multiplicative hash spreads the values so that the column data is not trivially compressible or sorted.
        long mix = id * 0x9E3779B97F4A7C15L;
        String first = FIRST[(int) ((mix >>> 60) & 15)];
        String name = first + " " + Long.toString(mix >>> 40 & 0xFFFFF, 36);
        String email = first.toLowerCase() + "." + id + "@example.com";
        ZonedDateTime created = EPOCH.plusSeconds((mix >>> 33) % 63_072_000L);
        double score = ((mix >>> 11) % 1_000_000L) / 100.0;
        return new Person(id, name, email, created, score);
    }

    /** Sum of the ids, which the loaded table must reproduce. */
    public long idSum() {
        return rows * (rows + 1) / 2;
    }

    /** A fresh pass over the rows, generating each one as it is asked for. */
    @Override
    public Iterator<Person> iterator() {
        return new Iterator<>() {
            private long next = 1;

            @Override
            public boolean hasNext() {
                return next <= rows;
            }

            @Override
            public Person next() {
                if (next > rows) {
                    throw new NoSuchElementException();
                }
                return person(next++);
            }
        };
    }
}
