package dev.tusk.failover;

import dev.tusk.testing.patroni.PatroniCluster;
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
 * Measures Tusk through many Patroni failovers, each on a fresh synchronous three-member cluster: each round kills
 * the leader under the write workload of {@link PatroniRound}. (Reusing one cluster, with the killed member restarted
 * between rounds, left the cluster leaderless at the second kill: both replicas kept logging "not the healthiest node".) Prints median and max of promotion → first Tusk write, and the
 * writes lost, applied twice and left unknown. Not part of the suite (its name is not a test class name); run it with
 * {@code mvn -o test -pl tusk-testing,tusk-core -Dtest=PatroniFailoverRounds -Dtusk.patroni.rounds=10
 * -Dsurefire.failIfNoSpecifiedTests=false}. Writes {@code tusk-core/target/patroni-failover-rounds.md}.
 */
class PatroniFailoverRounds {

    @Test
    void measureTimeFromPromotionToFirstTuskWrite() throws Exception {
        int rounds = Integer.getInteger("tusk.patroni.rounds", 10);
        String loadBefore = loadAverage();
        List<PatroniRound> results = new ArrayList<>();
        List<String> loads = new ArrayList<>();
        StringBuilder table = new StringBuilder("| round | killed → promoted | kill → /leader (ms) | kill → writable (ms) "
                + "| promotion → first Tusk write (ms) | acked | lost | twice | failed | ambiguous (applied) | "
                + "CommitOutcomeUnknown (committed) | load | failures seen |\n"
                + "|---:|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|---|---|\n");
        for (int round = 1; round <= rounds; round++) {
            try (PatroniCluster cluster = PatroniCluster.builder().members(3).synchronousMode(true).start()) {
                PatroniRound.prepare(cluster);
                String load = loadAverage();
                PatroniRound result = PatroniRound.run(cluster, "patroni-round-" + round);
                results.add(result);
                loads.add(load);
                System.out.println("[PatroniFailoverRounds] round " + round + " (load " + load + "): " + result.summary());
                table.append(String.format(Locale.ROOT, "| %d | %s → %s | %d | %d | %.1f | %d | %d | %d | %d | %d (%d) "
                                + "| %d (%d) | %s | %s |%n", round, result.oldLeader().name(),
                        result.failover().newLeader().name(), result.failover().leaderAfter().toMillis(),
                        result.failover().writableAfter().toMillis(), result.promotionToWriteMillis(),
                        result.audit().acked(), result.lost(), result.duplicated(), result.audit().failed(),
                        result.audit().ambiguous(), result.audit().ambiguousPresent(), result.unknown(),
                        result.unknownCommitted(), load, result.failures()));
            }
        }
        double[] toWrite = results.stream().mapToDouble(PatroniRound::promotionToWriteMillis).sorted().toArray();
        double[] leaderAfter = results.stream().mapToDouble(r -> r.failover().leaderAfter().toMillis()).sorted().toArray();
        double[] writableAfter = results.stream().mapToDouble(r -> r.failover().writableAfter().toMillis()).sorted()
                .toArray();
        String summary = String.format(Locale.ROOT, "%d Patroni failovers: promotion → first Tusk write median %.1f ms, "
                        + "max %.1f ms (kill → /leader median %.0f ms, max %.0f ms; kill → writable median %.0f ms, max "
                        + "%.0f ms); calls acknowledged: %d; acknowledged writes lost: %d; applied twice: %d; failed: "
                        + "%d; ambiguous: %d (%d applied); CommitOutcomeUnknownException: %d (%d in fact committed)",
                rounds, median(toWrite), toWrite[toWrite.length - 1], median(leaderAfter),
                leaderAfter[leaderAfter.length - 1], median(writableAfter), writableAfter[writableAfter.length - 1],
                results.stream().mapToInt(r -> r.audit().acked()).sum(), results.stream().mapToInt(PatroniRound::lost)
                        .sum(), results.stream().mapToInt(PatroniRound::duplicated).sum(),
                results.stream().mapToInt(r -> r.audit().failed()).sum(),
                results.stream().mapToInt(r -> r.audit().ambiguous()).sum(),
                results.stream().mapToInt(r -> r.audit().ambiguousPresent()).sum(),
                results.stream().mapToInt(PatroniRound::unknown).sum(),
                results.stream().mapToInt(PatroniRound::unknownCommitted).sum());
        String report = "# Patroni failover rounds, " + Instant.now() + "\n\n" + "Machine: "
                + Runtime.getRuntime().availableProcessors() + " cores, load average before the run " + loadBefore
                + ", after " + loadAverage() + "; " + PatroniRound.WRITERS + " writers (one-liners and inTransaction), "
                + "Patroni synchronous mode, a fresh three-member cluster per round, leader SIGKILLed."
                + "\n\n" + table + "\n" + summary + "\n";
        System.out.println(report);
        Files.writeString(Path.of("target", "patroni-failover-rounds.md"), report);

        assertThat(results).allSatisfy(result -> assertThat(result.audit().violations()).isEmpty());
    }
}
