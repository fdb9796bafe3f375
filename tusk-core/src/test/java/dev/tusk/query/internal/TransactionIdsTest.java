package dev.tusk.query.internal;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class TransactionIdsTest {

    @Test
    void shouldLetSingleWritesWithoutReturningCarryTheQuery() {
        assertThat(TransactionIds.canRideAlong("UPDATE account SET balance = balance - ? WHERE id = ?")).isTrue();
        assertThat(TransactionIds.canRideAlong("  insert into t values (1)\n")).isTrue();
        assertThat(TransactionIds.canRideAlong("DELETE FROM t WHERE id = 1")).isTrue();
        assertThat(TransactionIds.canRideAlong("MERGE INTO t USING s ON t.id = s.id WHEN MATCHED THEN DELETE")).isTrue();
    }

    @Test
    void shouldLeaveEverythingElseAsWritten() {
        assertThat(TransactionIds.canRideAlong("SELECT 1")).isFalse();
        assertThat(TransactionIds.canRideAlong("SET LOCAL synchronous_commit = on")).isFalse();
        assertThat(TransactionIds.canRideAlong("INSERT INTO t VALUES (1) RETURNING id")).isFalse();
        assertThat(TransactionIds.canRideAlong("UPDATE t SET a = 1; UPDATE t SET b = 2")).isFalse();
        assertThat(TransactionIds.canRideAlong("INSERT INTO t VALUES ('a;b')")).isFalse();
        assertThat(TransactionIds.canRideAlong("WITH x AS (SELECT 1) INSERT INTO t SELECT * FROM x")).isFalse();
    }

    @Test
    void shouldEndATrailingLineCommentBeforeTheQuery() {
        assertThat(TransactionIds.rideAlong("UPDATE t SET a = 1 -- why\n"))
                .isEqualTo("UPDATE t SET a = 1 -- why\n;SELECT pg_current_xact_id_if_assigned()::text");
    }
}
