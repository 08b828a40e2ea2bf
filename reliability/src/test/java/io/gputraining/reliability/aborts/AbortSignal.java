package io.gputraining.reliability.aborts;

import java.io.IOException;

/**
 * How a JVM running the CLI is stopped from outside: Ctrl-C in a terminal (SIGINT), a CI agent or systemd
 * stopping it (SIGTERM), the OOM killer or {@code kill -9} (SIGKILL). The first two run shutdown hooks; the
 * last leaves everything to the sweeper and the OS.
 */
enum AbortSignal {
    SIGINT("INT"), SIGTERM("TERM"), SIGKILL("KILL");

    private final String name;

    AbortSignal(String name) {
        this.name = name;
    }

    /** Sends the signal with {@code kill(1)}, which, unlike {@link Process#destroy()}, can send SIGINT. */
    void send(long pid) {
        try {
            Process kill = new ProcessBuilder("kill", "-" + name, Long.toString(pid)).redirectErrorStream(true).start();
            String said = new String(kill.getInputStream().readAllBytes()).strip();
            if (kill.waitFor() != 0 && ProcessHandle.of(pid).map(ProcessHandle::isAlive).orElse(false)) {
                throw new IllegalStateException("kill -" + name + " " + pid + " failed: " + said);
            }
        } catch (IOException e) {
            throw new IllegalStateException("cannot run kill -" + name + " " + pid, e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while sending " + this + " to " + pid, e);
        }
    }
}
