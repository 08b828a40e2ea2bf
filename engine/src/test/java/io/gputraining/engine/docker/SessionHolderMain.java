package io.gputraining.engine.docker;

import io.gputraining.engine.runtime.ContainerSession;
import io.gputraining.engine.runtime.ContainerSpec;
import io.gputraining.engine.testing.RecordingSink;

/**
 * Run in a child JVM by the tests: starts a session container owned by {@code args[2]}, says so on stdout,
 * then waits to be killed. Proves what happens to containers on SIGTERM and SIGKILL of their JVM.
 */
public final class SessionHolderMain {

    private SessionHolderMain() {
    }

    public static void main(String[] args) throws Exception {
        DockerRuntime runtime = DockerRuntime.connect(new DockerEndpoint(args[0], false, null));
        ContainerSession session = runtime.start(ContainerSpec.builder(args[1]).owner(args[2]).build(), new RecordingSink());
        System.out.println("started " + session.id());
        System.out.flush();
        Thread.sleep(Long.MAX_VALUE);
    }
}
