package io.gputraining.engine.registry.local;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/** Runs {@link RegisteringMain} in a second JVM and collects what it prints. */
final class RegisteringProcess implements AutoCloseable {

    private final Process process;
    private final BufferedReader out;

    RegisteringProcess(List<String> jvmOptions, Path root, String model, Path work, List<String> keys) throws IOException {
        List<String> command = new ArrayList<>();
        command.add(ProcessHandle.current().info().command().orElseThrow());
        command.add("-XX:TieredStopAtLevel=1"); // starts faster
        command.addAll(jvmOptions);
        command.add("-cp");
        command.add(System.getProperty("java.class.path"));
        command.add(RegisteringMain.class.getName());
        command.addAll(List.of(root.toString(), model, work.toString(), String.join(",", keys)));
        this.process = new ProcessBuilder(command).redirectErrorStream(true).start();
        this.out = new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8));
    }

    /** Waits until the child is ready to register. */
    void awaitReady() throws IOException {
        String line = out.readLine();
        if (!"READY".equals(line)) {
            throw new IllegalStateException("child said " + line + " instead of READY");
        }
    }

    /** Lets it register. */
    void go() throws IOException {
        OutputStream in = process.getOutputStream();
        in.write('\n');
        in.flush();
    }

    /** Everything it printed after READY, once it has exited, and its exit code last. */
    List<String> finish() throws IOException, InterruptedException {
        List<String> lines = new ArrayList<>();
        for (String line; (line = out.readLine()) != null; ) {
            lines.add(line);
        }
        if (!process.waitFor(120, TimeUnit.SECONDS)) {
            throw new IllegalStateException("child did not exit");
        }
        lines.add("EXIT " + process.exitValue());
        return lines;
    }

    @Override
    public void close() throws InterruptedException {
        process.destroyForcibly();
        process.waitFor(20, TimeUnit.SECONDS);
    }
}
