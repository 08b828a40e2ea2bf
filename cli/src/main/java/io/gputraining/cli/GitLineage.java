package io.gputraining.cli;

import io.gputraining.engine.train.Lineage;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;

/** The lineage a terminal run can know: the workspace's git commit and remote, and a CI's build URL if set. */
final class GitLineage {

    private GitLineage() {
    }

    static Lineage of(Path workspace) {
        String commit = git(workspace, "rev-parse", "HEAD");
        String url = git(workspace, "config", "--get", "remote.origin.url");
        return new Lineage(commit, url == null ? null : url.replaceFirst("//[^/@]*@", "//"),
                System.getenv("BUILD_TAG"), System.getenv("BUILD_URL"));
    }

    private static String git(Path dir, String... args) {
        try {
            List<String> argv = new java.util.ArrayList<>(List.of("git", "-C", dir.toString()));
            argv.addAll(List.of(args));
            Process p = new ProcessBuilder(argv).redirectError(ProcessBuilder.Redirect.DISCARD).start();
            String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8).strip();
            return p.waitFor(10, TimeUnit.SECONDS) && p.exitValue() == 0 && !out.isEmpty() ? out : null;
        } catch (java.io.IOException e) {
            return null; // no git on this machine: lineage without a commit
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return null;
        }
    }
}
