package io.jenkins.plugins.gputraining.container;

import hudson.EnvVars;
import hudson.FilePath;
import hudson.model.TaskListener;
import hudson.remoting.RemoteOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.util.List;
import java.util.Map;
import jenkins.security.MasterToSlaveCallable;

/**
 * What the container glue sends to an agent, with every parameter of the block set, for the serialization tests
 * (the classes are package-private, as they should be).
 */
public final class ContainerChannelValues {

    public static final String SESSION = "5f0c2b9e-0d44-4e57-9a52-3f1c5a0e7d11";

    private ContainerChannelValues() {
    }

    /** A block's options as the step makes them, every parameter changed from its default. */
    public static ContainerOptions options(FilePath workspace, EnvVars env) throws IOException, InterruptedException {
        BlockParameters block = new BlockParameters("registry.example/pytorch@sha256:" + "d".repeat(64));
        block.gpus = "0,1";
        block.preflight = false;
        block.network = "host";
        block.gpuWaitMinutes = 15;
        block.requirePinned = true;
        block.pull = "missing";
        block.runtime = "podman";
        block.shmSize = "8g";
        block.mounts = new java.util.ArrayList<>(List.of("/datasets/imagenet:/data:ro"));
        return block.toOptions(workspace, "http://jenkins.example/job/p/1/", SESSION, env);
    }

    public static StartedContainer started() {
        return new StartedContainer(SESSION, "0123456789ab", "registry.example/pytorch@sha256:" + "d".repeat(64),
                List.of("GPU-5f3c1a4e-0000-1111-2222-333344445555", "GPU-6a7b8c9d-0000-1111-2222-333344445555"));
    }

    /** The block's session as the step keeps it: the id its container is labelled with, and the daemon. */
    public static BlockSession session() {
        return new BlockSession(SESSION, new io.gputraining.engine.docker.DockerEndpoint("tcp://127.0.0.1:2376", true, "/etc/docker/certs"));
    }

    /** One of each callable of the container glue. */
    public static List<MasterToSlaveCallable<?, ?>> callables(FilePath workspace, EnvVars env, TaskListener listener, OutputStream out)
            throws IOException, InterruptedException {
        ContainerOptions options = options(workspace, env);
        return List.of(new ContainerStart(options, listener), new ContainerRemoval(session()),
                new ContainerKill(session(), Map.of("JENKINS_SERVER_COOKIE", "durable-0123")),
                new ContainerExec(session(), List.of("sh", "-xe", "/tmp/script.sh"), new String[] {"A=1", "PATH+X=/opt/x"},
                        workspace.getRemote(), new RemoteOutputStream(out), new RemoteOutputStream(out), true));
    }
}
