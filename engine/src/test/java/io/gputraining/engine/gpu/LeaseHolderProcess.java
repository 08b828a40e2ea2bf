package io.gputraining.engine.gpu;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

/** Runs {@link LeaseHolderMain} in a second JVM and reads the line it answers with. */
final class LeaseHolderProcess implements AutoCloseable {

    private final Process process;
    private final BufferedReader out;

    LeaseHolderProcess(Path lockDirectory, String inventory, String request, String owner, long timeoutMillis)
            throws IOException {
        List<String> command = new ArrayList<>();
        command.add(ProcessHandle.current().info().command().orElseThrow());
        command.add("-XX:TieredStopAtLevel=1"); // starts faster; it runs for moments
        command.add("-cp");
        command.add(System.getProperty("java.class.path"));
        command.add(LeaseHolderMain.class.getName());
        command.addAll(List.of(lockDirectory.toString(), inventory, request, owner, Long.toString(timeoutMillis)));
        this.process = new ProcessBuilder(command).redirectErrorStream(true).start();
        this.out = new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8));
    }

    long pid() {
        return process.pid();
    }

    /** The child's first line, or a failure when it says nothing within 20 seconds. */
    String firstLine() throws Exception {
        return CompletableFuture.supplyAsync(() -> {
            try {
                return out.readLine();
            } catch (IOException e) {
                throw new IllegalStateException(e);
            }
        }).get(20, TimeUnit.SECONDS);
    }

    /** Kills it as a crash would: no chance to release anything itself. */
    void kill() throws InterruptedException {
        process.destroyForcibly();
        process.waitFor(20, TimeUnit.SECONDS);
    }

    int exitCode() throws InterruptedException {
        process.waitFor(20, TimeUnit.SECONDS);
        return process.exitValue();
    }

    @Override
    public void close() throws InterruptedException {
        kill();
    }
}
