package dev.tusk.spring.boot.jpa;

import dev.tusk.TuskClient;
import jakarta.persistence.EntityManager;
import jakarta.persistence.PersistenceContext;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

/** JPA transactions that also write through Tusk's client and read through JdbcClient, as an application would. */
@Service
public class NoteService {

    /** What one mixed transaction saw: each backend pid, and the notes Tusk and JdbcClient counted inside it. */
    public record Seen(int jpaPid, int tuskPid, int jdbcPid, long countedByTusk, long countedByJdbc) {
    }

    private final NoteRepository notes;
    private final TuskClient client;
    private final JdbcClient jdbc;
    @PersistenceContext
    private EntityManager entityManager;

    /** A service over {@code notes}, {@code client} and {@code jdbc}. */
    public NoteService(NoteRepository notes, TuskClient client, JdbcClient jdbc) {
        this.notes = notes;
        this.client = client;
        this.jdbc = jdbc;
    }

    /** Saves a note in a JPA transaction of its own. */
    @Transactional
    public void save(String text) {
        notes.save(new Note(text));
    }

    /**
     * Saves {@code jpaText} through JPA, flushes, adds {@code tuskText} through {@code client.inTransaction}, counts the
     * notes through Tusk and JdbcClient, then fails when {@code fail}.
     */
    @Transactional
    public Seen saveThroughBoth(String jpaText, String tuskText, boolean fail) {
        notes.save(new Note(jpaText));
        // Hibernate writes at flush; SQL that is not Hibernate's sees the row only after it.
        entityManager.flush();
        int jpaPid = ((Number) entityManager.createNativeQuery("SELECT pg_backend_pid()").getSingleResult()).intValue();
        long[] tusk = client.inTransaction(tx -> {
            tx.execute("INSERT INTO note (text) VALUES (?)", tuskText);
            return new long[] {tx.queryValue("SELECT pg_backend_pid()", Integer.class),
                    tx.queryValue("SELECT count(*) FROM note", Long.class)};
        });
        int jdbcPid = jdbc.sql("SELECT pg_backend_pid()").query(Integer.class).single();
        long countedByJdbc = jdbc.sql("SELECT count(*) FROM note").query(Long.class).single();
        if (fail) {
            throw new IllegalStateException("the JPA transaction fails on purpose");
        }
        return new Seen(jpaPid, (int) tusk[0], jdbcPid, tusk[1], countedByJdbc);
    }
}
