package io.gputraining.cli;

import io.gputraining.engine.image.ImageRequest;
import io.gputraining.engine.runtime.ContainerRuntime;
import io.gputraining.engine.runtime.GpuRequest;
import io.gputraining.engine.runtime.HostUser;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** Where and in what the engine runs, as health and train take it: image, pinning, runtime, GPUs, daemon. */
final class ImageOptions {

    @Option(names = "--image", paramLabel = "REF", description = "Pinned image (required with --runtime docker or podman)")
    String image;

    @Option(names = "--require-pinned", description = "Refuse an image given without digest or image ID (prints the pin to use).")
    boolean requirePinned;

    @Mixin
    PullOption pull = new PullOption();

    @Option(names = "--runtime", defaultValue = "docker", description = "docker, podman (rootful or rootless, through its"
            + " Docker-compatible socket), or local (this host is the image). Default: ${DEFAULT-VALUE}")
    RuntimeChoice runtime;

    @Option(names = "--gpus", defaultValue = GpuRequest.DEFAULT, description = "all, none, a count, or ids. Default: ${DEFAULT-VALUE}")
    String gpus;

    @Mixin
    DockerOptions docker = new DockerOptions();

    ImageRequest imageRequest() {
        return image == null ? null : ImageRequest.builder(image).requirePinned(requirePinned).pull(pull.policy()).build();
    }

    GpuRequest gpuRequest() {
        return GpuRequest.parse(gpus);
    }

    /** The agent's uid:gid in containers, so workspace files stay the user's; the host's own user when local. */
    String user() {
        return runtime.containers() ? HostUser.current() : null;
    }

    ContainerRuntime openRuntime() {
        return runtime.open(docker);
    }
}
