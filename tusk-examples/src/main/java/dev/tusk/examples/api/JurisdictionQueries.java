package dev.tusk.examples.api;

import dev.tusk.Database;
import dev.tusk.tx.IsolationLevel;
import dev.tusk.tx.TransactionCallback;
import dev.tusk.tx.TransactionOptions;

import java.time.Duration;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * The API's reads. Each runs in one read-only transaction on the database it was given, which is
 * {@code client.readOnly()}: a read replica when the client has replicas that take reads, the primary otherwise.
 */
public final class JurisdictionQueries {

    /** A jurisdiction that adopts building codes. */
    public record Jurisdiction(String id, String name, String type) {
    }

    /** One adoption: from {@code effectiveFrom}, {@code edition} of {@code codeFamily} is in force. */
    public record CodeAdoption(String codeFamily, String edition, LocalDate effectiveFrom) {
    }

    /** A jurisdiction with every adoption it made, by code family and then date. */
    public record JurisdictionDetail(String id, String name, String type, List<CodeAdoption> adoptions) {
    }

    /** One page of jurisdictions, with how many match the filter in all. */
    public record JurisdictionPage(long total, int limit, int offset, List<Jurisdiction> jurisdictions) {
    }

    /** The edition of a code family in force in one jurisdiction on a day, and since when. */
    public record AdoptionInForce(String jurisdictionId, String jurisdictionName, String jurisdictionType,
                                  String edition, LocalDate effectiveFrom) {
    }

    /** Which server answered a read: a replica is in recovery. */
    public record ReadServer(boolean inRecovery, int serverPort, String serverVersion) {
    }

    // Repeatable read: a request that runs two statements (a jurisdiction and its adoptions) sees one snapshot.
    private static final TransactionOptions READ = TransactionOptions.DEFAULT.withIsolation(IsolationLevel.REPEATABLE_READ);

    private final Database reads;
    private final String schema;
    private final Duration readDelay;

    /**
     * Reads the tables in {@code schema} through {@code reads}. A non-zero {@code readDelay} makes every read first
     * run {@code pg_sleep} for that long in its transaction: a test setting that makes requests slow on purpose, holding
     * a connection as a slow query would (the graceful-shutdown test uses it); leave it zero in production.
     */
    public JurisdictionQueries(Database reads, String schema, Duration readDelay) {
        this.reads = Objects.requireNonNull(reads, "reads must not be null");
        this.schema = ApiSchema.checkName("schema", schema);
        this.readDelay = Objects.requireNonNull(readDelay, "readDelay must not be null");
        if (readDelay.isNegative()) {
            throw new IllegalArgumentException("readDelay must not be negative, but was " + readDelay);
        }
    }

    /** Jurisdictions of {@code type} (any when null) whose name contains {@code nameContains} (any when null), by name. */
    public JurisdictionPage jurisdictions(String type, String nameContains, int limit, int offset) {
        // Conditions only for the filters given, so each shape of query can use the (type, name, id) index.
        StringBuilder where = new StringBuilder(" FROM " + schema + ".jurisdiction WHERE true");
        List<Object> filters = new ArrayList<>();
        if (type != null) {
            where.append(" AND type = ?");
            filters.add(type);
        }
        if (nameContains != null) {
            // strpos rather than LIKE, so that % and _ in the search text mean themselves.
            where.append(" AND strpos(lower(name), lower(?)) > 0");
            filters.add(nameContains);
        }
        List<Object> paged = new ArrayList<>(filters);
        paged.add(limit);
        paged.add(offset);
        return read(tx -> {
            long[] total = {0};
            List<Jurisdiction> page = tx.query("SELECT id, name, type, count(*) OVER () AS total" + where
                    + " ORDER BY name, id LIMIT ? OFFSET ?", row -> {
                        total[0] = row.getLong("total");
                        return new Jurisdiction(row.getString("id"), row.getString("name"), row.getString("type"));
                    }, paged.toArray());
            if (page.isEmpty() && offset > 0) {
                // Past the last page the window function has no row to report the total on.
                total[0] = tx.queryValue("SELECT count(*)" + where, Long.class, filters.toArray());
            }
            return new JurisdictionPage(total[0], limit, offset, page);
        });
    }

    /** The jurisdiction {@code id} with its adoptions, or empty when there is none. */
    public Optional<JurisdictionDetail> jurisdiction(String id) {
        return read(tx -> tx.queryOptional("SELECT id, name, type FROM " + schema + ".jurisdiction WHERE id = ?",
                Jurisdiction.class, id).map(found -> new JurisdictionDetail(found.id(), found.name(), found.type(),
                tx.query("SELECT code_family, edition, effective_from FROM " + schema + ".code_adoption "
                        + "WHERE jurisdiction_id = ? ORDER BY code_family, effective_from", CodeAdoption.class, id))));
    }

    /**
     * For each jurisdiction that had adopted {@code codeFamily} by {@code asOf}, the edition in force that day (the
     * adoption with the latest {@code effective_from} on or before it); only those where it is {@code edition} when
     * that is not null. By jurisdiction name.
     */
    public List<AdoptionInForce> adoptionsInForce(String codeFamily, String edition, LocalDate asOf) {
        String sql = "SELECT j.id AS jurisdiction_id, j.name AS jurisdiction_name, j.type AS jurisdiction_type, "
                + "a.edition, a.effective_from FROM (SELECT DISTINCT ON (jurisdiction_id) jurisdiction_id, edition, "
                + "effective_from FROM " + schema + ".code_adoption WHERE code_family = ? AND effective_from <= ? "
                + "ORDER BY jurisdiction_id, effective_from DESC) a JOIN " + schema + ".jurisdiction j "
                + "ON j.id = a.jurisdiction_id WHERE (?::text IS NULL OR a.edition = ?) ORDER BY j.name, j.id";
        return read(tx -> tx.query(sql, AdoptionInForce.class, codeFamily, asOf, edition, edition));
    }

    /** Which server reads go to now: a diagnostic that shows the routing (a replica reports it is in recovery). */
    public ReadServer readServer() {
        return read(tx -> tx.queryOne("SELECT pg_is_in_recovery() AS in_recovery, inet_server_port() AS server_port, "
                + "current_setting('server_version') AS server_version", ReadServer.class));
    }

    private <R> R read(TransactionCallback<R, RuntimeException> work) {
        return reads.inTransaction(READ, tx -> {
            if (!readDelay.isZero()) {
                tx.execute("SELECT pg_sleep(?)", readDelay.toNanos() / 1e9);
            }
            return work.inTransaction(tx);
        });
    }
}
