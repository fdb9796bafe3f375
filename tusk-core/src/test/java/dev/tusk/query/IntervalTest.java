package dev.tusk.query;

import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.Period;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** Interval's factories, conversions and text forms, without a server (IntervalEdgeTest checks them against one). */
class IntervalTest {

    private static final long HOUR = 3_600_000_000L;

    @Test
    void shouldPrintAsPostgresDoesInItsDefaultStyle() {
        assertThat(Interval.ZERO).hasToString("00:00:00");
        assertThat(Interval.of(14, 3, ((4 * 60 + 5) * 60 + 6) * 1_000_000L + 789_000)).hasToString(
                "1 year 2 mons 3 days 04:05:06.789");
        assertThat(Interval.of(-14, 3, -(((4 * 60 + 5) * 60 + 6) * 1_000_000L + 789_000))).hasToString(
                "-1 years -2 mons +3 days -04:05:06.789");
        assertThat(Interval.of(0, -1, 2 * HOUR)).hasToString("-1 days +02:00:00");
        assertThat(Interval.of(1, 0, 0)).hasToString("1 mon");
        assertThat(Interval.of(0, 0, -1)).hasToString("-00:00:00.000001");
        assertThat(Interval.of(0, 0, 178_000_000L * HOUR)).hasToString("178000000:00:00");
        assertThat(Interval.of(0, Integer.MAX_VALUE, Long.MIN_VALUE)).hasToString(
                "2147483647 days -2562047788:00:54.775808");
        assertThat(Interval.POSITIVE_INFINITY).hasToString("infinity");
        assertThat(Interval.NEGATIVE_INFINITY).hasToString("-infinity");
    }

    @Test
    void shouldPrintIso8601AsPostgresDoes() {
        assertThat(Interval.ZERO.toIso8601()).isEqualTo("PT0S");
        assertThat(Interval.of(-14, 3, -(((4 * 60 + 5) * 60 + 6) * 1_000_000L + 789_000)).toIso8601())
                .isEqualTo("P-1Y-2M3DT-4H-5M-6.789S");
        assertThat(Interval.of(0, 0, -500_000).toIso8601()).isEqualTo("PT-0.5S");
        assertThat(Interval.of(1, 0, 0).toIso8601()).isEqualTo("P1M");
    }

    @Test
    void shouldReadBackEveryFormItPrints() {
        for (Interval interval : List.of(Interval.ZERO, Interval.of(14, 3, 14_706_789_000L), Interval.of(-14, 3, -1),
                Interval.of(Integer.MAX_VALUE, Integer.MAX_VALUE, Long.MAX_VALUE - 1),
                Interval.of(Integer.MIN_VALUE, Integer.MIN_VALUE, Long.MIN_VALUE + 1), Interval.of(0, 0, Long.MIN_VALUE),
                Interval.of(0, 1, -1), Interval.POSITIVE_INFINITY, Interval.NEGATIVE_INFINITY)) {
            assertThat(Interval.parse(interval.toString())).as(interval.toString()).isEqualTo(interval);
            assertThat(Interval.parse(interval.toIso8601())).as(interval.toIso8601()).isEqualTo(interval);
        }
    }

    @Test
    void shouldReadTheVerboseAndSqlStandardStyles() {
        assertThat(Interval.parse("@ 1 year 2 mons -3 days 4 hours 5 mins 6.789 secs ago"))
                .isEqualTo(Interval.of(-14, 3, -(((4 * 60 + 5) * 60 + 6) * 1_000_000L + 789_000)));
        assertThat(Interval.parse("@ 0")).isEqualTo(Interval.ZERO);
        assertThat(Interval.parse("-1-2")).isEqualTo(Interval.of(-14, 0, 0));
        assertThat(Interval.parse("-3 4:05:06.5")).isEqualTo(Interval.of(0, -3, -14_706_500_000L));
        assertThat(Interval.parse("+1-2 -3 +4:05:06")).isEqualTo(Interval.of(14, -3, 14_706_000_000L));
        assertThat(Interval.parse("0")).isEqualTo(Interval.ZERO);
    }

    @Test
    void shouldRefuseTextThatIsNoInterval() {
        for (String text : List.of("", "soon", "1 fortnight", "P1.5Y", "1:2", "PT1.1234567S", "2147483648 days",
                "P", "12")) {
            if (text.equals("12")) {
                // A bare number is the sql_standard form of a count of days.
                assertThat(Interval.parse(text)).isEqualTo(Interval.of(0, 12, 0));
                continue;
            }
            assertThatThrownBy(() -> Interval.parse(text)).as(text).isInstanceOf(IllegalArgumentException.class)
                    .hasMessageContaining("is not an interval as PostgreSQL prints one");
        }
    }

    @Test
    void shouldConvertToDurationOnlyWithoutMonths() {
        assertThat(Interval.of(0, 2, -1).toDuration()).isEqualTo(Duration.ofDays(2).minusNanos(1000));
        assertThat(Interval.of(0, 0, Long.MIN_VALUE).toDuration()).isEqualTo(Duration.ofNanos(0).minusSeconds(
                9_223_372_036_854L).minusNanos(775_808_000));
        assertThatThrownBy(() -> Interval.of(1, 0, 0).toDuration()).isInstanceOf(ArithmeticException.class)
                .hasMessageContaining("which have no fixed length");
        assertThatThrownBy(() -> Interval.POSITIVE_INFINITY.toDuration()).isInstanceOf(ArithmeticException.class)
                .hasMessageContaining("infinite");
    }

    @Test
    void shouldConvertToPeriodOnlyWithoutATimePart() {
        assertThat(Interval.of(-14, 3, 0).toPeriod()).isEqualTo(Period.of(-1, -2, 3));
        assertThatThrownBy(() -> Interval.of(0, 1, 1).toPeriod()).isInstanceOf(ArithmeticException.class)
                .hasMessageContaining("has a time part");
    }

    @Test
    void shouldBuildFromDurationAndPeriod() {
        assertThat(Interval.ofDuration(Duration.ofHours(178_000_000))).isEqualTo(Interval.of(0, 0, 178_000_000L * HOUR));
        assertThat(Interval.ofDuration(Duration.ofNanos(1_500))).isEqualTo(Interval.of(0, 0, 2));
        assertThat(Interval.ofDuration(Duration.ofNanos(-1_500))).isEqualTo(Interval.of(0, 0, -1));
        assertThat(Interval.ofPeriod(Period.of(1, 2, -3))).isEqualTo(Interval.of(14, -3, 0));
        assertThatThrownBy(() -> Interval.ofDuration(Duration.ofSeconds(Long.MAX_VALUE)))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("too long for an interval");
        assertThatThrownBy(() -> Interval.ofPeriod(Period.ofYears(200_000_000)))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("months");
    }

    @Test
    void shouldCompareFieldByFieldUnlikePostgresEquals() {
        assertThat(Interval.of(1, 0, 0)).isNotEqualTo(Interval.of(0, 30, 0));
        assertThat(Interval.of(0, 1, 5).hashCode()).isEqualTo(Interval.of(0, 1, 5).hashCode());
        assertThat(Interval.POSITIVE_INFINITY.isInfinite()).isTrue();
        assertThat(Interval.of(Integer.MAX_VALUE, Integer.MAX_VALUE, Long.MAX_VALUE - 1).isInfinite()).isFalse();
    }
}
