package dev.tusk.internal;

import org.junit.jupiter.api.Test;

import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class SqlNamesTest {

    @Test
    void shouldParseNamesAsTheServerResolvesThem() {
        assertThat(SqlNames.parse("Orders", "table")).containsExactly("orders");
        assertThat(SqlNames.parse("billing.Orders", "table")).containsExactly("billing", "orders");
        assertThat(SqlNames.parse("\"Billing\".\"Odd \"\"Name\"\"\"", "table")).containsExactly("Billing", "Odd \"Name\"");
        assertThat(SqlNames.parse("db.s.t_1$", "table")).containsExactly("db", "s", "t_1$");
        assertThat(SqlNames.quote("billing.\"Orders\"", "table")).isEqualTo("\"billing\".\"Orders\"");
    }

    @Test
    void shouldRefuseAnythingThatIsNotAName() {
        for (String hostile : List.of("users; DROP TABLE x", "a b", "1abc", "a..b", "\"open", "\"\"", "a.b.c.d", "a.", " ")) {
            assertThatThrownBy(() -> SqlNames.parse(hostile, "table"))
                    .as(hostile)
                    .isInstanceOf(IllegalArgumentException.class)
                    .hasMessageStartingWith("table ");
        }
        assertThatThrownBy(() -> SqlNames.parse("users; DROP TABLE x", "table"))
                .hasMessage("table \"users; DROP TABLE x\" is not a valid SQL name: it has ';' at position 6; use a plain "
                        + "identifier, a \"double-quoted\" one, or schema.table");
    }
}
