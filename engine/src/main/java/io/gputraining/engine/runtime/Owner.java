package io.gputraining.engine.runtime;

import java.io.Serializable;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.time.Instant;
import java.util.Optional;

/**
 * The process that owns a container or a GPU lease: host, pid and the process' start time (so that a
 * reused pid is not mistaken for the owner). Written into container labels so that a sweeper can tell
 * containers whose owner is gone.
 */
public record Owner(String host, long pid, long startMillis) implements Serializable {

    /** The current JVM. */
    public static Owner thisProcess() {
        return of(ProcessHandle.current());
    }

    /** A process of this host. */
    public static Owner of(ProcessHandle process) {
        return new Owner(hostName(), process.pid(), startOf(process));
    }

    /** {@code host/pid/startMillis}, the form stored in the {@link Labels#OWNER_PROCESS} label. */
    public String label() {
        return host + "/" + pid + "/" + startMillis;
    }

    /** Parses {@link #label()}; empty for anything else. */
    public static Optional<Owner> fromLabel(String label) {
        if (label == null) {
            return Optional.empty();
        }
        String[] parts = label.split("/");
        if (parts.length != 3) {
            return Optional.empty();
        }
        try {
            return Optional.of(new Owner(parts[0], Long.parseLong(parts[1]), Long.parseLong(parts[2])));
        } catch (NumberFormatException e) {
            return Optional.empty();
        }
    }

    /**
     * Whether this owner still runs. Only answerable on the owner's host: elsewhere this says true, so a
     * sweeper never removes what another machine may still use.
     */
    public boolean isAlive() {
        if (!host.equals(hostName())) {
            return true;
        }
        return ProcessHandle.of(pid).map(p -> p.isAlive() && startOf(p) == startMillis).orElse(false);
    }

    private static long startOf(ProcessHandle p) {
        // Rounded to seconds: /proc gives start times in clock ticks, and two reads must agree.
        return p.info().startInstant().map(Instant::getEpochSecond).orElse(0L) * 1000;
    }

    static String hostName() {
        String env = System.getenv("HOSTNAME");
        if (env != null && !env.isBlank()) {
            return env;
        }
        try {
            return InetAddress.getLocalHost().getHostName();
        } catch (UnknownHostException e) {
            return "localhost";
        }
    }
}
