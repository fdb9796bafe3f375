package dev.tusk.internal;

import org.junit.jupiter.api.Test;
import org.postgresql.util.PSQLException;
import org.postgresql.util.PSQLState;
import org.postgresql.util.ServerErrorMessage;

import java.sql.BatchUpdateException;
import java.sql.SQLException;

import static org.assertj.core.api.Assertions.assertThat;

/** The redaction rules on the server's and the driver's words, without a server. */
class ServerTextsTest {

    @Test
    void shouldHideEverythingBetweenTheFirstAndLastQuoteOfADataException() {
        assertThat(ServerTexts.serverMessage("22P02", "invalid input syntax for type integer: \"a\" secret \"b\""))
                .isEqualTo("invalid input syntax for type integer: \"<value hidden>\"");
        assertThat(ServerTexts.serverMessage("22003", "value \"98765432109876\" is out of range for type integer"))
                .isEqualTo("value \"<value hidden>\" is out of range for type integer");
        assertThat(ServerTexts.serverMessage("22P02", "invalid input value for enum mood: \"x\""))
                .isEqualTo("invalid input value for enum mood: \"<value hidden>\"");
    }

    @Test
    void shouldHideByteSequencesAndKeepTheEncodingNames() {
        assertThat(ServerTexts.serverMessage("22021", "invalid byte sequence for encoding \"UTF8\": 0xc3 0x28"))
                .isEqualTo("invalid byte sequence for encoding \"UTF8\": <bytes hidden>");
        assertThat(ServerTexts.serverMessage("22P05",
                "character with byte sequence 0xe2 0x82 0xac in encoding \"UTF8\" has no equivalent in encoding \"LATIN1\""))
                .isEqualTo("character with byte sequence <bytes hidden> in encoding \"UTF8\" has no equivalent in "
                        + "encoding \"LATIN1\"");
    }

    @Test
    void shouldLeaveOtherClassesAndUnquotedDataExceptionsAlone() {
        assertThat(ServerTexts.serverMessage("42P01", "relation \"orders\" does not exist"))
                .isEqualTo("relation \"orders\" does not exist");
        assertThat(ServerTexts.serverMessage("23505", "duplicate key value violates unique constraint \"secret_pkey\""))
                .isEqualTo("duplicate key value violates unique constraint \"secret_pkey\"");
        assertThat(ServerTexts.serverMessage("22012", "division by zero")).isEqualTo("division by zero");
        assertThat(ServerTexts.serverMessage(null, "anything \"x\"")).isEqualTo("anything \"x\"");
    }

    @Test
    void shouldCutADriverDataMessageAtItsValue() {
        assertThat(ServerTexts.driverMessage("22003", "Bad value for type int : secret-42"))
                .isEqualTo("Bad value for type int: \"<value hidden>\"");
        assertThat(ServerTexts.driverMessage("08006", "An I/O error occurred while sending to the backend."))
                .isEqualTo("An I/O error occurred while sending to the backend.");
    }

    @Test
    void shouldCopyAServerErrorWithoutDetailOrContextKeepingStateClassAndStackTrace() {
        PSQLException original = new PSQLException(new ServerErrorMessage("SERROR\0C22P02\0Minvalid input syntax for "
                + "type integer: \"secret-7\"\0Dsecret-detail\0WCOPY t, line 1, column n: \"secret-7\"\0tt\0cn\0"), true);
        SQLException copy = ServerTexts.redacted(original);
        assertThat((Throwable) copy).isInstanceOf(PSQLException.class).isNotSameAs(original);
        assertThat(copy.getSQLState()).isEqualTo("22P02");
        assertThat(copy.getStackTrace()).isEqualTo(original.getStackTrace());
        assertThat(copy.getMessage()).contains("invalid input syntax for type integer: \"<value hidden>\"")
                .doesNotContain("secret");
        ServerErrorMessage report = ((PSQLException) copy).getServerErrorMessage();
        assertThat(report.getTable()).isEqualTo("t");
        assertThat(report.getColumn()).isEqualTo("n");
        assertThat(report.getDetail()).isNull();
        assertThat(report.getWhere()).isNull();
        assertThat(original.getMessage()).as("the driver's own quotes the context").contains("secret-7");
    }

    @Test
    void shouldReplaceABatchFailureWhoseMessageHoldsTheStatementsWithTheirValues() {
        BatchUpdateException batch = new BatchUpdateException("Batch entry 1 INSERT INTO t VALUES ('secret-9') was "
                + "aborted", "22P02", 0, new int[0]);
        batch.setNextException(new PSQLException(new ServerErrorMessage("SERROR\0C22P02\0Minvalid input syntax for "
                + "type integer: \"secret-9\"\0"), false));
        SQLException copy = ServerTexts.redacted(batch);
        assertThat(copy.getMessage()).contains("JDBC batch").doesNotContain("secret");
        assertThat(copy.getSQLState()).isEqualTo("22P02");
        assertThat(copy.getCause()).isNotNull().isSameAs(copy.getNextException());
        assertThat(copy.getCause().getMessage()).doesNotContain("secret").contains("<value hidden>");
    }

    @Test
    void shouldKeepAFailureThatQuotesNothing() {
        SQLException refused = new PSQLException("Connection refused", PSQLState.CONNECTION_UNABLE_TO_CONNECT);
        assertThat((Throwable) ServerTexts.redacted(refused)).isSameAs(refused);
    }
}
