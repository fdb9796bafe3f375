package dev.tusk;

import dev.tusk.query.Sql;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.math.BigDecimal;
import java.time.Instant;
import java.util.Iterator;
import java.util.List;

/** What the README examples take as given: a client, the values they pass, and the user's own types and methods. */
public abstract class ReadmeContext {
    protected TuskClient client;
    protected Instant cutoff;
    protected BigDecimal amount;
    protected long from;
    protected long to;
    protected String tenantId;
    protected Exporter exporter;
    protected Logger log = LoggerFactory.getLogger(ReadmeContext.class);
    protected List<String> columns;
    protected List<Object[]> rows;
    protected List<Reading> readings;
    protected Iterator<Sample> samples;
    protected ProgressListener progress;
    protected List<Sql> operations;
    protected List<Order> orders;

    /** A row type of the user's. */
    public record Note(long id, String body) {
    }

    /** A row type of the user's. */
    public record Reading(long id, String sensorName, double value, Instant takenAt) {
    }

    /** A value the user streams into a COPY. */
    public record Sample(long id, double value) {
    }

    /** An item the user processes in batches. */
    public record Order(long id) {
    }

    /** Where the user writes exported rows. */
    public interface Exporter {
        /** Writes one row. */
        void write(Object row);
    }

    protected void process(String payload) {
    }

    protected void resync() {
    }

    protected long save(Database database, List<Order> chunk) {
        return chunk.size();
    }
}
