package dev.tusk.examples.api;

import org.junit.jupiter.api.Test;

import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

/** The checks a client cannot reach through the JDK server, which itself refuses a malformed URI with 400. */
class QueryParametersTest {

    @Test
    void shouldRefuseBrokenPercentEncodingNamingThePair() {
        BadRequestException e = catchThrowableOfType(BadRequestException.class,
                () -> QueryParameters.parse("name=%zz", Set.of("name")));

        assertThat(e.getMessage()).startsWith("query parameter \"name=%zz\" is not valid percent-encoding: ");
        assertThat(e.value()).isEqualTo("name=%zz");
    }

    @Test
    void shouldDecodePlusAndPercentAndSkipEmptyPairs() {
        QueryParameters parameters = QueryParameters.parse("&name=new+york&type=%43ITY&", Set.of("name", "type"));

        assertThat(parameters.text("name")).isEqualTo("new york");
        assertThat(parameters.oneOf("type", java.util.List.of("city"))).isEqualTo("city");
        assertThat(parameters.text("absent")).isNull();
    }
}
