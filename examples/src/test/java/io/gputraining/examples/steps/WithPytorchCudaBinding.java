package io.gputraining.examples.steps;

import groovy.lang.Closure;
import io.gputraining.engine.ProgressListener;
import io.gputraining.engine.docker.DockerEndpoint;
import io.gputraining.engine.docker.DockerRuntime;
import io.gputraining.engine.launch.ContainerBlockRequest;
import io.gputraining.engine.launch.GpuContainerLaunch;
import io.gputraining.engine.launch.LeasedContainer;
import io.gputraining.engine.launch.PreflightFailedException;
import io.gputraining.engine.launch.PreparedLaunch;
import io.gputraining.engine.runtime.HostUser;
import io.gputraining.engine.steps.ContainerBlockSettings;
import io.gputraining.engine.steps.InvalidStepSettingsException;
import io.gputraining.examples.pipeline.Build;
import io.gputraining.examples.pipeline.PipelineFailure;
import io.gputraining.examples.pipeline.PipelineStep;
import io.gputraining.examples.pipeline.StepCall;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/**
 * {@code withPytorchCuda(image: …) { sh … }} on the engine's {@link GpuContainerLaunch}, as the plugin's
 * {@code ContainerStart} runs it on the agent: pin the image, lease the GPUs, preflight them, start one long-lived
 * container (workspace and its {@code @tmp} mounted at their own paths, the agent's uid:gid), run each {@code sh} of
 * the body as an exec in it, and remove the container and release the lease however the body ends.
 */
final class WithPytorchCudaBinding implements PipelineStep {

    /** The step's parameters, as its class declares them. */
    static final List<String> PARAMETERS = List.of("image", "gpus", "preflight", "network", "gpuWaitMinutes", "requirePinned", "pull");

    private final GpuTrainingSettings settings;

    WithPytorchCudaBinding(GpuTrainingSettings settings) {
        this.settings = settings;
    }

    @Override
    public Object run(StepCall call, Build build) throws Exception {
        StepArguments args = StepArguments.of(call, PARAMETERS);
        ContainerBlockSettings defaults = ContainerBlockSettings.DEFAULTS;
        ContainerBlockSettings parameters = ContainerBlockSettings.builder()
                .image(args.string("image", null)).gpus(args.string("gpus", defaults.gpus()))
                .preflight(args.bool("preflight", defaults.preflight())).network(args.string("network", defaults.network()))
                .gpuWaitMinutes(args.integer("gpuWaitMinutes", defaults.gpuWaitMinutes()))
                .requirePinned(args.bool("requirePinned", defaults.requirePinned())).pull(args.string("pull", null))
                .build();
        Closure<?> body = call.requireBody();
        Path workspace = build.workspace();
        Path temp = Files.createDirectories(workspace.resolveSibling(workspace.getFileName() + "@tmp"));
        ContainerBlockRequest block;
        try {
            block = parameters.toRequest(settings.site(), workspace.toString(), temp.toString(), StepRuntime.owner(build));
        } catch (InvalidStepSettingsException e) {
            throw new PipelineFailure(e.getMessage());
        }
        ContainerBlockRequest request = block.toBuilder().launch(block.launch().toBuilder().user(HostUser.current()).build()).build();

        try (DockerRuntime runtime = DockerRuntime.connect(DockerEndpoint.fromEnvironment(build.env().all()));
             LeasedContainer container = new GpuContainerLaunch(runtime, StepRuntime.images(runtime), StepRuntime.hostProbe(build))
                     .start(request, build.log(), ProgressListener.ignoring())) {
            build.env().put(PreparedLaunch.GPUS_VARIABLE, String.join(",", container.lease().deviceIds()));
            build.env().put(PreparedLaunch.IMAGE_VARIABLE, container.image().pinned().toString());
            try {
                return build.withShell(new ContainerShell(container.session()), body::call);
            } finally {
                build.env().put(PreparedLaunch.GPUS_VARIABLE, null);
                build.env().put(PreparedLaunch.IMAGE_VARIABLE, null);
            }
        } catch (PreflightFailedException e) {
            throw new PipelineFailure(e.getMessage());
        }
    }
}
