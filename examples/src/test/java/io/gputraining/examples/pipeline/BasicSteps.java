package io.gputraining.examples.pipeline;

import groovy.lang.Closure;
import io.gputraining.engine.ProgressListener;
import io.gputraining.engine.artifacts.ArtifactCollector;
import io.gputraining.engine.artifacts.ArtifactFile;
import io.gputraining.engine.artifacts.NoArtifactsMatchedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.Arrays;
import java.util.List;

/**
 * The Jenkins steps the examples use besides ours, with the behaviour Jenkins gives them: {@code echo},
 * {@code error}, {@code stage}, {@code node}, {@code script}, {@code timeout}, {@code archiveArtifacts},
 * {@code checkout} and {@code sh} (inside a block that provides a shell).
 */
public final class BasicSteps {

    private BasicSteps() {
    }

    /** Adds these steps to {@code table}. */
    public static StepTable addTo(StepTable table) {
        return table
                .put("echo", (call, build) -> {
                    build.log().message(String.valueOf(call.soleArgument("message")));
                    return null;
                })
                .put("error", (call, build) -> {
                    throw new PipelineFailure(String.valueOf(call.soleArgument("message")));
                })
                .put("stage", (call, build) -> {
                    build.log().message("[Pipeline] { (" + call.soleArgument("name") + ")");
                    return call.requireBody().call();
                })
                .put("node", (call, build) -> {
                    Object label = call.positional().isEmpty() ? call.named().get("label") : call.soleArgument("label");
                    Closure<?> body = call.requireBody();
                    return build.onNode(label == null ? null : String.valueOf(label), body::call);
                })
                .put("script", (call, build) -> call.requireBody().call())
                .put("timeout", (call, build) -> Timeouts.run(Timeouts.of(call.named()), build, call.requireBody()::call))
                .put("archiveArtifacts", BasicSteps::archiveArtifacts)
                .put("checkout", (call, build) -> Checkout.run(call.soleArgument("scm"), build))
                .put("sh", BasicSteps::sh);
    }

    private static Object sh(StepCall call, Build build) throws InterruptedException {
        String script = String.valueOf(call.soleArgument("script"));
        Shell shell = build.shell().orElseThrow(() -> new PipelineFailure(
                "sh outside withPytorchCuda: this harness runs shell steps only in a block's container."));
        int code = shell.run(script, build);
        if (code != 0) {
            throw new PipelineFailure("script returned exit code " + code);
        }
        return null;
    }

    /** Copies the workspace files the comma-separated Ant patterns match into the build's archive. */
    private static Object archiveArtifacts(StepCall call, Build build) throws Exception {
        String patterns = String.valueOf(call.positional().isEmpty() ? call.named().get("artifacts") : call.positional().get(0));
        boolean allowEmpty = Boolean.TRUE.equals(call.named().get("allowEmptyArchive"));
        List<String> globs = Arrays.stream(patterns.split(",")).map(String::strip).filter(s -> !s.isEmpty()).toList();
        List<ArtifactFile> files;
        try {
            files = new ArtifactCollector().collect(build.workspace(), globs, build.log(), ProgressListener.ignoring());
        } catch (NoArtifactsMatchedException e) {
            if (allowEmpty) {
                build.log().message("No artifacts found that match the file pattern \"" + patterns + "\"; archiving nothing.");
                return null;
            }
            throw new PipelineFailure("No artifacts found that match the file pattern \"" + patterns + "\".", e);
        }
        for (ArtifactFile file : files) {
            Path target = build.archive().resolve(file.path());
            Files.createDirectories(target.getParent());
            Files.copy(file.local(), target, StandardCopyOption.REPLACE_EXISTING);
        }
        build.log().message("Archiving artifacts: " + files.size() + " file(s)");
        return null;
    }
}
