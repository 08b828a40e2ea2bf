package io.gputraining.examples.pipeline;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * {@code checkout scm}: clones the build's repository into the workspace at its branch with git, and sets
 * {@code GIT_COMMIT}, {@code GIT_URL} and {@code GIT_BRANCH} as the git plugin does (they are what
 * {@code trainAndRegister} records as lineage). Returns the same variables, as the step does.
 */
final class Checkout {

    private Checkout() {
    }

    static Map<String, String> run(Object scm, Build build) throws IOException, InterruptedException {
        if (!(scm instanceof GitSource source)) {
            throw new PipelineFailure("checkout takes the build's scm, got " + scm);
        }
        Path workspace = build.workspace();
        git(build, workspace.getParent(), "clone", "--quiet", "--branch", source.branch(), source.url(), workspace.toString());
        Map<String, String> vars = new LinkedHashMap<>();
        vars.put("GIT_COMMIT", git(build, workspace, "rev-parse", "HEAD"));
        vars.put("GIT_URL", source.url());
        vars.put("GIT_BRANCH", "origin/" + source.branch());
        vars.forEach(build.env()::put);
        build.log().message("Checked out " + source.url() + " " + source.branch() + " at " + vars.get("GIT_COMMIT"));
        return vars;
    }

    private static String git(Build build, Path dir, String... args) throws IOException, InterruptedException {
        List<String> argv = new ArrayList<>(List.of("git", "-C", dir.toString()));
        argv.addAll(List.of(args));
        Process git = new ProcessBuilder(argv).redirectErrorStream(true).start();
        String out = new String(git.getInputStream().readAllBytes(), StandardCharsets.UTF_8).strip();
        if (!git.waitFor(60, TimeUnit.SECONDS)) {
            git.destroyForcibly();
            throw new PipelineFailure("git " + String.join(" ", args) + " did not finish in 60 s");
        }
        if (git.exitValue() != 0) {
            build.log().message(out);
            throw new PipelineFailure("git " + String.join(" ", args) + " failed with exit " + git.exitValue() + ": " + out);
        }
        return out;
    }
}
