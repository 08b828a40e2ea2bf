package io.gputraining.engine.docker;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;

/** This process' resource limits, as {@code /proc/self/limits} lists them (Linux); empty elsewhere. */
record ProcessLimits(Map<String, Long> hardLimits) {

    private static final Map<String, String> ROWS = Map.of("Max open files", "nofile", "Max processes", "nproc");

    ProcessLimits {
        hardLimits = Map.copyOf(hardLimits);
    }

    static ProcessLimits current() {
        try {
            return parse(Files.readString(Path.of("/proc/self/limits")));
        } catch (IOException | UnsupportedOperationException e) {
            return new ProcessLimits(Map.of());
        }
    }

    /** Reads the rows this engine pins ({@code nofile}, {@code nproc}); "unlimited" is -1. */
    static ProcessLimits parse(String limits) {
        Map<String, Long> hard = new HashMap<>();
        for (String line : limits.split("\n")) {
            ROWS.forEach((row, name) -> {
                if (line.startsWith(row)) {
                    String[] words = line.substring(row.length()).trim().split("\\s+");
                    if (words.length >= 2) {
                        hard.put(name, words[1].equals("unlimited") ? -1L : Long.parseLong(words[1]));
                    }
                }
            });
        }
        return new ProcessLimits(hard);
    }

    /** The hard limit named ({@code nofile}, {@code nproc}), when known. */
    Optional<Long> hard(String name) {
        return Optional.ofNullable(hardLimits.get(name));
    }
}
