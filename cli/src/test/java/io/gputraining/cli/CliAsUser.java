package io.gputraining.cli;

import java.io.File;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

/**
 * The CLI in a child JVM run as another user (a rootless Podman service's), as an agent running as that user runs
 * it. The test JVM's classpath is copied where that user may read it: a checkout under /root is not.
 */
final class CliAsUser {

    /** What the child printed, and how it exited. */
    record Result(int exitCode, String stdout, String stderr) {
    }

    private final String uid;
    private final String gid;
    private final String classpath;

    private CliAsUser(String uid, String gid, String classpath) {
        this.uid = uid;
        this.gid = gid;
        this.classpath = classpath;
    }

    /** Prepares the CLI for {@code uidGid} ({@code 1000:1000}), its classpath copied under {@code scratch}. */
    static CliAsUser of(String uidGid, Path scratch) throws IOException {
        String[] ids = uidGid.split(":");
        Path root = Files.createDirectories(scratch.resolve("classpath"));
        List<String> entries = new ArrayList<>();
        int n = 0;
        for (String entry : System.getProperty("java.class.path").split(File.pathSeparator)) {
            Path source = Path.of(entry);
            if (!Files.exists(source)) {
                continue;
            }
            Path target = root.resolve(n++ + "-" + source.getFileName());
            copy(source, target);
            entries.add(target.toString());
        }
        readableByAll(scratch);
        return new CliAsUser(ids[0], ids[1], String.join(File.pathSeparator, entries));
    }

    /** Makes {@code path} and everything under it belong to the user. */
    void own(Path path) throws IOException {
        try (Stream<Path> all = Files.walk(path)) {
            for (Path p : all.toList()) {
                Files.setAttribute(p, "unix:uid", Integer.parseInt(uid));
                Files.setAttribute(p, "unix:gid", Integer.parseInt(gid));
            }
        }
    }

    /** Runs {@code gpu-training args} as the user, with exactly {@code env} (plus PATH) as its environment. */
    Result run(Map<String, String> env, String... args) throws IOException, InterruptedException {
        String java = ProcessHandle.current().info().command().orElse("java");
        List<String> argv = new ArrayList<>(List.of("setpriv", "--reuid=" + uid, "--regid=" + gid, "--clear-groups", "--",
                java, "-cp", classpath, Main.class.getName()));
        argv.addAll(List.of(args));
        ProcessBuilder builder = new ProcessBuilder(argv).directory(new File("/"));
        builder.environment().clear();
        builder.environment().put("PATH", System.getenv().getOrDefault("PATH", "/usr/bin:/bin"));
        builder.environment().putAll(env);
        Path out = Files.createTempFile("cli-as-user", ".out");
        Path err = Files.createTempFile("cli-as-user", ".err");
        try {
            Process process = builder.redirectOutput(out.toFile()).redirectError(err.toFile()).start();
            if (!process.waitFor(10, TimeUnit.MINUTES)) {
                process.destroyForcibly();
                throw new AssertionError("the CLI as user " + uid + " did not end within 10 minutes");
            }
            return new Result(process.exitValue(), Files.readString(out, StandardCharsets.UTF_8), Files.readString(err, StandardCharsets.UTF_8));
        } finally {
            Files.deleteIfExists(out);
            Files.deleteIfExists(err);
        }
    }

    private static void copy(Path source, Path target) throws IOException {
        if (Files.isDirectory(source)) {
            try (Stream<Path> all = Files.walk(source)) {
                for (Path p : all.toList()) {
                    Path t = target.resolve(source.relativize(p).toString());
                    if (Files.isDirectory(p)) {
                        Files.createDirectories(t);
                    } else {
                        Files.copy(p, t, StandardCopyOption.REPLACE_EXISTING);
                    }
                }
            }
        } else {
            Files.copy(source, target, StandardCopyOption.REPLACE_EXISTING);
        }
    }

    private static void readableByAll(Path root) throws IOException {
        try (Stream<Path> all = Files.walk(root)) {
            for (Path p : all.toList()) {
                Files.setPosixFilePermissions(p, PosixFilePermissions.fromString(Files.isDirectory(p) ? "rwxr-xr-x" : "rw-r--r--"));
            }
        }
    }
}
