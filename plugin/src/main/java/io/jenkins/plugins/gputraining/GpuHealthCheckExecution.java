package io.jenkins.plugins.gputraining;

import hudson.AbortException;
import hudson.EnvVars;
import hudson.Launcher;
import hudson.model.Result;
import hudson.model.Run;
import hudson.model.TaskListener;
import hudson.remoting.VirtualChannel;
import io.gputraining.engine.image.ImageRef;
import io.gputraining.engine.image.ImageRequest;
import io.gputraining.engine.preflight.HealthCheckRequest;
import io.gputraining.engine.preflight.PreflightReport;
import io.gputraining.engine.preflight.Verdict;
import io.gputraining.engine.runtime.GpuRequest;
import java.util.Map;
import java.util.stream.Collectors;
import org.jenkinsci.plugins.workflow.steps.StepContext;

/**
 * Runs a {@link GpuHealthCheckStep} on the step's agent and turns the report into Jenkins terms: FAIL aborts the
 * build naming the failed checks, WARN may mark it unstable, the summary goes to the build page, and the report
 * is returned as plain maps and lists for the script.
 */
final class GpuHealthCheckExecution extends EngineStepExecution<Map<String, Object>> {

    private static final long serialVersionUID = 1L;

    private final transient GpuHealthCheckStep step;

    GpuHealthCheckExecution(GpuHealthCheckStep step, StepContext context) {
        super(context);
        this.step = step;
    }

    @Override
    Map<String, Object> execute() throws Exception {
        StepContext context = getContext();
        Run<?, ?> run = context.get(Run.class);
        TaskListener listener = context.get(TaskListener.class);
        Launcher launcher = context.get(Launcher.class);
        EnvVars env = context.get(EnvVars.class);

        AgentRuntime runtime = AgentRuntime.of(step.getRuntime(), env);
        if (runtime.isDocker() && step.getImage() == null) {
            throw new AbortException(UserText.get("GpuHealthCheckStep.ImageRequired"));
        }
        GpuTrainingConfiguration config = GpuTrainingConfiguration.get();
        boolean requirePinned = step.isRequirePinned() || config.isRequirePinned();
        ImageRequest image = runtime.isDocker() ? new ImageRequest(ImageRef.parse(step.getImage()), requirePinned, null) : null;
        HealthCheckRequest request = HealthCheckRequest.of(image, GpuRequest.parse(step.getGpus()), BuildOwner.of(run, env))
                .withPolicy(step.policy())
                .withPython(step.getPython())
                .withKeepEvidence(false);

        VirtualChannel channel = launcher.getChannel();
        if (channel == null) {
            throw new AbortException(UserText.get("Step.AgentOffline"));
        }
        PreflightReport report = channel.call(new HealthCheckOnAgent(request, runtime, env.get("PATH"), listener));
        GpuTrainingAction.of(run).add(PreflightSummary.of(report));
        run.save();

        if (report.overall() == Verdict.Level.FAIL) {
            throw new AbortException(UserText.get("GpuHealthCheckStep.Failed", checks(report)));
        }
        if (report.overall() == Verdict.Level.WARN && step.isUnstableOnWarn()) {
            listener.getLogger().println(UserText.get("GpuHealthCheckStep.Unstable",
                    report.warnings().stream().map(Verdict::check).collect(Collectors.joining(", "))));
            run.setResult(Result.UNSTABLE);
        }
        return report.toMap();
    }

    private static String checks(PreflightReport report) {
        return report.failed().stream()
                .map(v -> v.check() + ": " + v.summary() + (v.fix() == null ? "" : " (" + v.fix() + ")"))
                .collect(Collectors.joining("; "));
    }
}
