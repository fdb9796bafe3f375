package dev.tusk.failover;

import org.junit.jupiter.api.Test;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

import static dev.tusk.failover.RoundFigures.loadAverage;
import static dev.tusk.failover.RoundFigures.median;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * Measures failover time over many direct promotions, each on a fresh synchronous pair: from the promote request to
 * the first acknowledged write, median and max. Not part of the suite (its name is not a test class name); run it with
 * {@code mvn -o test -pl tusk-testing,tusk-core -Dtest=FailoverRounds -Dtusk.failover.rounds=10
 * -Dsurefire.failIfNoSpecifiedTests=false}. Writes {@code tusk-core/target/failover-rounds.md}.
 */
class FailoverRounds {

    @Test
    void measureTimeFromPromotionToFirstWrite() throws Exception {
        int rounds = Integer.getInteger("tusk.failover.rounds", 10);
        String load = loadAverage();
        List<PromotionRound> results = new ArrayList<>();
        StringBuilder table = new StringBuilder("| round | promote request → first write (ms) | promotion confirmed → first "
                + "write (ms) | promotion (ms) | acked | failed | ambiguous (applied) | rows | violations | failures seen |\n"
                + "|---:|---:|---:|---:|---:|---:|---:|---:|---:|---|\n");
        for (int round = 1; round <= rounds; round++) {
            PromotionRound result = PromotionRound.run("failover-round-" + round);
            results.add(result);
            System.out.println("[FailoverRounds] round " + round + ": " + result.summary());
            table.append(String.format(Locale.ROOT, "| %d | %.1f | %.1f | %.1f | %d | %d | %d (%d) | %d | %d | %s |%n",
                    round, result.fromPromoteRequestMillis(), result.fromPromotedMillis(), result.promotionMillis(),
                    result.audit().acked(), result.audit().failed(), result.audit().ambiguous(),
                    result.audit().ambiguousPresent(), result.audit().rows(), result.audit().violations().size(),
                    result.failures()));
        }
        double[] fromRequest = results.stream().mapToDouble(PromotionRound::fromPromoteRequestMillis).sorted().toArray();
        double[] fromConfirmed = results.stream().mapToDouble(PromotionRound::fromPromotedMillis).sorted().toArray();
        String summary = String.format(Locale.ROOT, "%d promotions: promote request → first write median %.1f ms, max "
                        + "%.1f ms; promotion confirmed → first write median %.1f ms, max %.1f ms; acknowledged writes "
                        + "lost: %d; applied twice: %d; outcomes left unknown: %d", rounds, median(fromRequest),
                fromRequest[fromRequest.length - 1], median(fromConfirmed), fromConfirmed[fromConfirmed.length - 1],
                results.stream().mapToLong(r -> r.audit().violations().stream().filter(v -> v.startsWith("acknowledged"))
                        .count()).sum(),
                results.stream().mapToLong(r -> r.audit().violations().stream().filter(v -> v.contains("times"))
                        .count()).sum(),
                results.stream().mapToInt(r -> r.audit().ambiguous()).sum());
        String report = "# Failover rounds, " + Instant.now() + "\n\n" + "Machine: " + Runtime.getRuntime()
                .availableProcessors() + " cores, load average before the run " + load + ", after " + loadAverage()
                + "; " + PromotionRound.WRITERS + " writers, synchronous replica, primary crashed (immediate), "
                + PromotionRound.DOWN_BEFORE_PROMOTION.toMillis() + " ms down, then pg_ctl promote.\n\n" + table
                + "\n" + summary + "\n";
        System.out.println(report);
        Files.writeString(Path.of("target", "failover-rounds.md"), report);

        assertThat(results).allSatisfy(result -> assertThat(result.audit().violations()).isEmpty());
    }
}
