package io.jenkins.plugins.gputraining;

import hudson.AbortException;
import hudson.EnvVars;
import hudson.Launcher;
import hudson.model.Run;
import hudson.model.TaskListener;
import hudson.remoting.VirtualChannel;
import io.gputraining.engine.preflight.HealthCheckRequest;
import io.gputraining.engine.preflight.PreflightReport;
import io.gputraining.engine.preflight.Verdict;
import io.gputraining.engine.steps.HealthCheckSettings;
import java.io.IOException;
import java.util.stream.Collectors;

/**
 * One GPU health check of a build, shared by the {@code gpuHealthCheck} step and the freestyle builder: runs
 * the engine's check on the build's agent and turns the report into Jenkins terms. FAIL aborts the build
 * naming the failed checks, WARN may mark it unstable ({@link UnstableMark}), and the summary goes to the build page.
 */
final class BuildHealthCheck {

    private BuildHealthCheck() {
    }

    /**
     * @param settings the parameters, as the step holds them (the builder holds the same)
     * @param unstable how this kind of job is marked unstable when the report warns and the settings ask for it
     * @return the report, when it did not fail
     * @throws AbortException when the report fails, or the parameters or agent do not allow a check
     */
    static PreflightReport run(GpuHealthCheckStep settings, Run<?, ?> run, EnvVars env, Launcher launcher, TaskListener listener,
                               UnstableMark unstable)
            throws IOException, InterruptedException {
        HealthCheckSettings parameters = settings.settings();
        HealthCheckRequest request = parameters.toRequest(GpuTrainingConfiguration.get().siteSettings(), BuildOwner.of(run, env));
        AgentRuntime runtime = AgentRuntime.of(settings.getRuntime(), env);

        VirtualChannel channel = launcher.getChannel();
        if (channel == null) {
            throw new AbortException(Messages.Step_AgentOffline());
        }
        PreflightReport report = channel.call(new HealthCheckOnAgent(request, runtime, env.get("PATH"), listener));
        GpuTrainingAction.of(run).add(PreflightSummary.of(report));
        run.save();

        HealthCheckSettings.Outcome outcome = parameters.outcome(report);
        if (outcome == HealthCheckSettings.Outcome.FAIL) {
            throw new AbortException(Messages.GpuHealthCheckStep_Failed(checks(report)));
        }
        if (outcome == HealthCheckSettings.Outcome.UNSTABLE) {
            String message = Messages.GpuHealthCheckStep_Unstable(
                    report.warnings().stream().map(Verdict::check).collect(Collectors.joining(", ")));
            listener.getLogger().println(message);
            unstable.mark(message);
        }
        return report;
    }

    private static String checks(PreflightReport report) {
        return report.failed().stream()
                .map(v -> v.check() + ": " + v.summary() + (v.fix() == null ? "" : " (" + v.fix() + ")"))
                .collect(Collectors.joining("; "));
    }
}
