package io.gputraining.reliability.registry;

import static org.assertj.core.api.Assertions.assertThat;

import io.gputraining.reliability.Figures;
import io.gputraining.reliability.Trials;
import io.gputraining.reliability.registry.RegistryTrial.Result;
import io.gputraining.engine.testing.ProxiedRequest;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Issue 7, registry faults: registrations into the real MLflow server and the real OCI registry through a
 * fault-injecting loopback proxy (connection resets mid-upload, 5xx, slow and truncated answers, at a
 * random point of the exchange, once or as often as the client retries). Every registration must end
 * either registered and verified or failed cleanly with nothing registered: no corrupt version.
 */
class RegistryFaultsTest {

    private final Figures figures = Figures.of("registry-faults");

    @TempDir
    Path dir;

    @Test
    void everyRegistrationEndsVerifiedOrFailedWithNothingRegistered() throws Exception {
        Random random = Trials.random("registry-faults");
        int trials = Trials.count(12, 120);
        List<RegistryUnderTest> registries = List.of(new MlflowUnderTest(), new OciUnderTest());
        Map<String, List<ProxiedRequest>> cleanRuns = new HashMap<>();
        RegistryFaultTally tally = new RegistryFaultTally();
        List<String> lost = new ArrayList<>();
        for (RegistryUnderTest registry : registries) {
            registry.prepare();
        }
        long started = System.nanoTime();
        for (int i = 0; i < trials; i++) {
            RegistryUnderTest registry = registries.get(i % registries.size());
            List<ProxiedRequest> clean = cleanRuns.get(registry.name());
            // The first trial of each registry runs clean: its requests are where later faults are placed.
            FaultScenario scenario = clean == null ? FaultScenario.none()
                    : FaultScenario.draw(random, clean, RegistryUnderTest.REQUEST_TIMEOUT,
                    RegistryUnderTest.RETRY.maxAttempts());
            Result result = new RegistryTrial(registry, scenario).run(dir.resolve("trial-" + i));
            if (clean == null) {
                cleanRuns.put(registry.name(), result.requests());
            }
            System.out.println("[registry-faults] " + (i + 1) + "/" + trials + " " + result.summary()
                    + (result.problems().isEmpty() ? "" : " LOST: " + result.problems()));
            figures.judge(registry.name() + ": " + scenario.kind(), result.problems(), result.summary());
            tally.add(registry.name(), scenario.kind(), result);
            if (!result.problems().isEmpty()) {
                lost.add(result.summary() + " -> " + result.problems());
            }
        }
        Duration wall = Duration.ofNanos(System.nanoTime() - started);
        String table = tally.table("Registry faults" + (Trials.isLong() ? " (long mode)" : "") + ": " + trials + " trials in "
                + wall.toSeconds() + " s");
        System.out.println(table);
        Path out = Path.of(System.getProperty("gt.reliability.figures", "target/reliability"), "registry-faults.md");
        Files.createDirectories(out.getParent());
        Files.writeString(out, table, StandardCharsets.UTF_8);

        assertThat(lost).as("registrations that left a corrupt or unexpected state").isEmpty();
    }
}
