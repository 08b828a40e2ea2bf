package io.gputraining.engine.docker;

import io.gputraining.engine.runtime.ContainerSpec;
import io.gputraining.engine.runtime.Ulimit;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The open-files and process limits of a rootful Podman's containers. Left unset, Podman raises both to 1048576
 * itself, which a service without CAP_SYS_RESOURCE may not do ("error setting rlimit type 7"); so they are set,
 * starting from this process' own hard limits, and halved each time the service refuses one, down to 1024. What
 * worked is kept for later containers. A rootless Podman takes its own limits and needs none of this.
 */
final class PodmanRlimits {

    static final List<String> PINNED = List.of("nofile", "nproc");
    /** Podman's own default, the most asked for. */
    static final long CEILING = 1_048_576;
    /** Below this, a refusal is not the limit's fault: the container fails. */
    static final long FLOOR = 1024;

    private final Map<String, Long> values = new ConcurrentHashMap<>();

    private PodmanRlimits(Map<String, Long> initial) {
        values.putAll(initial);
    }

    /** Pins nothing: Docker, or a rootless Podman. */
    static PodmanRlimits none() {
        return new PodmanRlimits(Map.of());
    }

    /** Pins {@link #PINNED} at {@code agent}'s hard limits (unlimited or unknown: {@link #CEILING}). */
    static PodmanRlimits startingAt(ProcessLimits agent) {
        Map<String, Long> initial = new java.util.HashMap<>();
        for (String name : PINNED) {
            long hard = agent.hard(name).orElse(-1L);
            initial.put(name, hard < 0 ? CEILING : Math.max(FLOOR, Math.min(hard, CEILING)));
        }
        return new PodmanRlimits(initial);
    }

    /** {@code spec} with the pinned limits it does not set itself. */
    ContainerSpec apply(ContainerSpec spec) {
        List<Ulimit> all = new ArrayList<>(spec.ulimits());
        values.forEach((name, value) -> {
            if (spec.ulimits().stream().noneMatch(u -> u.name().equals(name))) {
                all.add(new Ulimit(name, value, value));
            }
        });
        return all.size() == spec.ulimits().size() ? spec : spec.toBuilder().ulimits(all).build();
    }

    boolean pins(String name) {
        return values.containsKey(name);
    }

    long value(String name) {
        return values.get(name);
    }

    /** Halves a refused limit for the next attempt; empty when it is already at {@link #FLOOR}. */
    synchronized Optional<Long> lower(String name, long refused) {
        long current = values.get(name);
        if (current < refused) {
            return Optional.of(current); // another container lowered it meanwhile
        }
        if (current <= FLOOR) {
            return Optional.empty();
        }
        long next = Math.max(FLOOR, current / 2);
        values.put(name, next);
        return Optional.of(next);
    }
}
