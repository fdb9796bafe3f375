package dev.tusk.tx;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class TransactionOptionsTest {

    @Test
    void shouldChangeOneValuePerWitherAndKeepTheRest() {
        TransactionOptions options = TransactionOptions.DEFAULT.withIsolation(IsolationLevel.SERIALIZABLE)
                .withReadOnly(true).withDeferrable(true).withReruns(false);
        assertThat(options).isEqualTo(new TransactionOptions(IsolationLevel.SERIALIZABLE, true, true, false));
        assertThat(options.withDeferrable(false).withReadOnly(false))
                .isEqualTo(new TransactionOptions(IsolationLevel.SERIALIZABLE, false, false, false));
        assertThat(options.withReruns(true).reruns()).isTrue();
        assertThat(TransactionOptions.DEFAULT.withIsolation(IsolationLevel.REPEATABLE_READ).setTransactionSql())
                .isEqualTo("SET TRANSACTION ISOLATION LEVEL REPEATABLE READ READ WRITE");
    }

    @Test
    void shouldRefuseACombinationPostgresqlIgnoresNamingIt() {
        assertThatThrownBy(() -> TransactionOptions.DEFAULT.withReadOnly(true).withDeferrable(true))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("deferrable only has an effect on SERIALIZABLE READ ONLY transactions, but was "
                        + "READ_COMMITTED READ ONLY");
        assertThatThrownBy(() -> TransactionOptions.DEFAULT.withIsolation(null))
                .isInstanceOf(NullPointerException.class)
                .hasMessage("isolation");
    }
}
