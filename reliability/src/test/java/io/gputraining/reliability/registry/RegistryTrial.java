package io.gputraining.reliability.registry;

import io.gputraining.engine.ProgressListener;
import io.gputraining.engine.registry.ModelPublication;
import io.gputraining.engine.registry.ModelRegistryException;
import io.gputraining.engine.registry.RegisteredModel;
import io.gputraining.engine.testing.FaultProxy;
import io.gputraining.engine.testing.ProxiedRequest;
import io.gputraining.engine.testing.RecordingSink;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.UUID;

/**
 * One registration through a fresh fault proxy, and its verdict from the registry's own state: either it
 * returned a version that is complete and verified, or it threw a {@link ModelRegistryException} and nothing
 * was registered. Anything else (a wrong version, a leftover, another exception) is a problem.
 */
final class RegistryTrial {

    /** How a registration ended, before it was judged. */
    enum Ending {
        REGISTERED,
        FAILED,
        /** Failed after the version existed (an OCI version tag cannot be taken back): the message must say how to finish it. */
        FAILED_VERSION_LEFT,
        OTHER
    }

    /**
     * @param ending    how register ended
     * @param problems  broken invariants; empty when the trial survived
     * @param injected  faults that took effect
     * @param retries   retries the engine logged
     * @param requests  the requests the proxy saw
     * @param summary   one line: what happened
     */
    record Result(Ending ending, List<String> problems, int injected, int retries, List<ProxiedRequest> requests, String summary) {
    }

    private final RegistryUnderTest registry;
    private final FaultScenario scenario;

    RegistryTrial(RegistryUnderTest registry, FaultScenario scenario) {
        this.registry = registry;
        this.scenario = scenario;
    }

    Result run(Path dir) throws Exception {
        String model = "m-" + UUID.randomUUID().toString().substring(0, 8);
        String key = "trial-" + UUID.randomUUID();
        // Content from the clock, not the seed: a replay must upload blobs the registry does not have yet.
        ModelPublication publication = TrialPublication.write(dir, model, key, "candidate", new Random());
        RecordingSink log = new RecordingSink();
        List<String> problems = new ArrayList<>();
        Ending ending;
        String outcome;
        try (FaultProxy proxy = FaultProxy.start(registry.upstream())) {
            proxy.plan(scenario.plan().get());
            try {
                RegisteredModel registered = registry.through(proxy).register(publication, log, ProgressListener.ignoring());
                ending = Ending.REGISTERED;
                outcome = "registered version " + registered.version();
                problems.addAll(registry.checkRegistered(publication, registered));
            } catch (ModelRegistryException e) {
                if (registry.holdsVersion(publication)) {
                    ending = Ending.FAILED_VERSION_LEFT;
                    outcome = "failed, leaving a version: " + e.getMessage();
                    problems.addAll(finishLeftVersion(publication, e));
                } else {
                    ending = Ending.FAILED;
                    outcome = "failed: " + e.getMessage();
                    problems.addAll(registry.checkNothingRegistered(publication, e, proxy));
                }
            } catch (RuntimeException e) {
                ending = Ending.OTHER;
                outcome = "threw " + e;
                problems.add("register threw " + e + ", not a ModelRegistryException");
            }
            int retries = (int) log.messages().stream().filter(m -> m.matches(".*; attempt \\d+ of \\d+ in \\d+ ms$")).count();
            List<String> injected = proxy.injections().stream()
                    .map(i -> i.request().method() + " " + i.request().rawPath() + ": " + i.effect()).toList();
            String summary = registry.name() + " " + model + ", " + scenario.kind() + " (" + scenario.detail() + "): " + injected.size()
                    + " fault(s) took effect " + injected + ", " + retries + " retries; " + outcome;
            return new Result(ending, problems, injected.size(), retries, proxy.proxiedRequests(), summary);
        } finally {
            registry.cleanUp(publication);
        }
    }

    /**
     * A failure that leaves a version is survived only when the message says so and how to finish it, and
     * doing that (registering again with the same key, straight to the server) returns that version complete.
     */
    private List<String> finishLeftVersion(ModelPublication publication, ModelRegistryException failure) throws Exception {
        List<String> problems = new ArrayList<>();
        if (!failure.getMessage().toLowerCase(java.util.Locale.ROOT).contains("register again with the same idempotency key")) {
            problems.add("a version was left, and the message does not say how to finish it: " + failure.getMessage());
        }
        RegisteredModel again = registry.direct().register(publication, new RecordingSink(), ProgressListener.ignoring());
        problems.addAll(registry.checkRegistered(publication, again).stream().map(p -> "after registering again: " + p).toList());
        return problems;
    }
}
