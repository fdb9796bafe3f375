package dev.tusk.interop;

import org.jdbi.v3.sqlobject.config.RegisterConstructorMapper;
import org.jdbi.v3.sqlobject.customizer.Bind;
import org.jdbi.v3.sqlobject.statement.SqlBatch;
import org.jdbi.v3.sqlobject.statement.SqlQuery;
import org.jdbi.v3.sqlobject.statement.SqlUpdate;
import org.jdbi.v3.sqlobject.transaction.Transaction;

import java.util.List;
import java.util.Optional;

/** A Jdbi SQL object over the {@code note} table of {@link JdbiOnTuskTest}. */
@RegisterConstructorMapper(NoteDao.Note.class)
interface NoteDao {

    /** A row of {@code note}. */
    record Note(int id, String body, List<String> tags) {
    }

    /** Inserts one note. */
    @SqlUpdate("INSERT INTO note (id, body, tags) VALUES (:id, :body, :tags)")
    int insert(@Bind("id") int id, @Bind("body") String body, @Bind("tags") List<String> tags);

    /** Inserts many notes in one JDBC batch. */
    @SqlBatch("INSERT INTO note (id, body, tags) VALUES (:id, :body, '{}')")
    int[] insertAll(@Bind("id") List<Integer> ids, @Bind("body") List<String> bodies);

    /** The note with {@code id}, if any. */
    @SqlQuery("SELECT id, body, tags FROM note WHERE id = :id")
    Optional<Note> find(@Bind("id") int id);

    /** Every note carrying {@code tag}, by id. */
    @SqlQuery("SELECT id, body, tags FROM note WHERE :tag = ANY (tags) ORDER BY id")
    List<Note> tagged(@Bind("tag") String tag);

    /** Replaces the body of note {@code id}. */
    @SqlUpdate("UPDATE note SET body = :body WHERE id = :id")
    int rewrite(@Bind("id") int id, @Bind("body") String body);

    /** Moves a note to a new id, both steps or neither, in a Jdbi transaction. */
    @Transaction
    default void renumber(int from, int to) {
        Note note = find(from).orElseThrow(() -> new IllegalArgumentException("no note with id " + from));
        insert(to, note.body(), note.tags());
        if (delete(from) != 1) {
            throw new IllegalStateException("note " + from + " vanished while being renumbered");
        }
    }

    /** Deletes note {@code id}. */
    @SqlUpdate("DELETE FROM note WHERE id = :id")
    int delete(@Bind("id") int id);
}
