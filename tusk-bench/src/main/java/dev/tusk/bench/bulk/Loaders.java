package dev.tusk.bench.bulk;

import de.bytefish.pgbulkinsert.PgBulkInsert;
import de.bytefish.pgbulkinsert.mapping.AbstractMapping;
import dev.tusk.TuskClient;
import dev.tusk.config.TuskConfig;
import dev.tusk.copy.CopyIn;
import dev.tusk.copy.RowWriter;
import org.postgresql.PGConnection;
import org.postgresql.copy.CopyManager;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.StreamSupport;

/**
 * Runs each {@link LoadMethod} against the same table. The JDBC peers share one plain PgJDBC connection opened with
 * the properties Tusk itself sends, kept open for the whole run as Tusk's pool keeps its own.
 */
public final class Loaders {

    /** Diagnostic: {@code -Dtusk.bench.flushBytes=N} changes Tusk's COPY write size from its default of 256 KiB. */
    private static final Integer FLUSH_BYTES = Integer.getInteger("tusk.bench.flushBytes");

    private static final Pattern COPY_COUNT = Pattern.compile("COPY (\\d+)");

    private final TuskClient client;
    private final Connection raw;
    private final TuskConfig config;
    private final Path psql;
    private final String table;
    private final PgBulkInsert<Person> bulkInsert;
    private Path binaryFile;

    /** Loaders into {@code table} through {@code client} and {@code raw}; {@code psql} may be null when absent. */
    public Loaders(TuskClient client, Connection raw, TuskConfig config, Path psql, String table) {
        this.client = client;
        this.raw = raw;
        this.config = config;
        this.psql = psql;
        this.table = table;
        this.bulkInsert = new PgBulkInsert<>(new PersonMapping(table));
    }

    /** Loads {@code data} with {@code method} and returns the rows the method reports loaded. */
    public long load(LoadMethod method, PersonData data) throws Exception {
        return switch (method) {
            case TUSK -> tuskCopy().from(data).rows();
            case TUSK_PARALLEL_2 -> tuskCopy().parallelism(2).from(data).rows();
            case TUSK_PARALLEL_4 -> tuskCopy().parallelism(4).from(data).rows();
            case PGBULKINSERT -> {
                bulkInsert.saveAll(raw.unwrap(PGConnection.class),
                        StreamSupport.stream(data.spliterator(), false));
                yield data.rows();
            }
            case COPYMANAGER_CSV -> new CopyManager(raw.unwrap(org.postgresql.core.BaseConnection.class))
                    .copyIn("COPY " + table + " (id, name, email, created_at, score) FROM STDIN (FORMAT csv)",
                            new CsvReader(data.iterator()));
            case PSQL_BINARY -> psqlCopy();
            case TUSK_ROWSOURCE -> {
                Iterator<Person> people = data.iterator();
                yield tuskCopy().from((RowWriter row) -> {
                    if (!people.hasNext()) {
                        return false;
                    }
                    Person p = people.next();
                    row.write(p.id()).write(p.name()).write(p.email()).write(p.createdAt()).write(p.score());
                    return true;
                }).rows();
            }
        };
    }

    private CopyIn tuskCopy() {
        CopyIn copy = client.copy().copyIn(table).columns(PersonData.COLUMNS);
        return FLUSH_BYTES == null ? copy : copy.flushBytes(FLUSH_BYTES);
    }

    /**
     * Writes the loaded table to {@code file} in binary COPY format (not timed), the input of the psql method; the
     * format does not depend on the server's version, so psql 15 can load a file a newer server wrote.
     */
    public void writeBinaryFile(Path file) throws SQLException, IOException {
        try (OutputStream out = Files.newOutputStream(file)) {
            new CopyManager(raw.unwrap(org.postgresql.core.BaseConnection.class))
                    .copyOut("COPY " + table + " TO STDOUT (FORMAT binary)", out);
        }
        binaryFile = file;
    }

    /** Why psql cannot run here, or null when it can. */
    public String psqlUnavailable() {
        if (psql == null || !Files.isExecutable(psql)) {
            return "no psql executable" + (psql == null ? "" : " at " + psql);
        }
        return null;
    }

    private long psqlCopy() throws IOException, InterruptedException {
        if (binaryFile == null) {
            throw new IllegalStateException("the binary file for psql has not been written");
        }
        List<String> command = new ArrayList<>(List.of(psql.toString(), "-X", "-v", "ON_ERROR_STOP=1",
                "-h", config.host(), "-p", Integer.toString(config.port()), "-U", config.user(), "-d", config.database(),
                "-c", "\\copy " + table + " (id, name, email, created_at, score) FROM '" + binaryFile + "' (FORMAT binary)"));
        ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true);
        Map<String, String> environment = builder.environment();
        if (config.password() != null) {
            environment.put("PGPASSWORD", config.password());
        }
        environment.put("PGSSLMODE", "disable");
        Process process = builder.start();
        String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        if (!process.waitFor(10, TimeUnit.MINUTES) || process.exitValue() != 0) {
            throw new IllegalStateException("psql failed: " + output.strip());
        }
        Matcher matcher = COPY_COUNT.matcher(output);
        if (!matcher.find()) {
            throw new IllegalStateException("psql did not report a row count: " + output.strip());
        }
        return Long.parseLong(matcher.group(1));
    }

    /** PgBulkInsert's mapping of {@link Person}, with the primitive mappers so that it boxes nothing. */
    private static final class PersonMapping extends AbstractMapping<Person> {

        PersonMapping(String table) {
            super("public", table);
            mapLongPrimitive("id", Person::id);
            mapText("name", Person::name);
            mapText("email", Person::email);
            mapTimeStampTz("created_at", Person::createdAt);
            mapDoublePrimitive("score", Person::score);
        }
    }
}
