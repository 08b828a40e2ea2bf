package io.gputraining.engine.launch;

import io.gputraining.engine.LogSink;
import io.gputraining.engine.docker.DockerEndpoint;
import io.gputraining.engine.docker.DockerRuntime;
import io.gputraining.engine.gpu.GpuAllocator;
import io.gputraining.engine.gpu.GpuLease;
import io.gputraining.engine.runtime.ContainerSpec;
import io.gputraining.engine.runtime.DetachedContainer;
import io.gputraining.engine.runtime.GpuRequest;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;

/**
 * A second JVM for the handover tests, as an agent that leases a GPU, starts a detached container holding it, and
 * then dies. Arguments: Docker host, lock directory, GPU id, image, owner. Prints {@code STARTED <container id>} and
 * waits until it is killed.
 */
public final class HandedOverLeaseMain {

    private HandedOverLeaseMain() {
    }

    public static void main(String[] args) throws Exception {
        DockerRuntime runtime = DockerRuntime.connect(new DockerEndpoint(args[0], false, null));
        GpuLease lease = new GpuAllocator(Path.of(args[1]), List.of(args[2]))
                .acquire(GpuRequest.all(), Duration.ZERO, args[4], LogSink.discarding());
        PreparedLaunch launch = GpuLeaseHandoverTest.launch(runtime, lease, args[4]);
        DetachedContainer container = launch.startDetached(ContainerSpec.builder(args[3]).command("sleep", "300").owner(args[4])
                .build(), false, LogSink.discarding());
        System.out.println("STARTED " + container.id());
        System.out.flush();
        while (System.in.read() >= 0) {
            // until killed
        }
    }
}
