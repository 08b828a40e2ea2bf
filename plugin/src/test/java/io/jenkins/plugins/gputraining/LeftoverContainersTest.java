package io.jenkins.plugins.gputraining;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertTrue;

import io.gputraining.engine.LogSink;
import io.gputraining.engine.ProgressListener;
import io.gputraining.engine.docker.ContainerSweeper;
import io.gputraining.engine.docker.DockerImages;
import io.gputraining.engine.docker.DockerEndpoint;
import io.gputraining.engine.docker.DockerRuntime;
import io.gputraining.engine.image.ImageRequest;
import io.gputraining.engine.image.ManifestDigestResolver;
import io.gputraining.engine.runtime.ContainerSpec;
import java.util.List;
import org.jenkinsci.plugins.workflow.cps.CpsFlowDefinition;
import org.jenkinsci.plugins.workflow.job.WorkflowJob;
import org.jenkinsci.plugins.workflow.job.WorkflowRun;
import org.junit.Rule;
import org.junit.Test;
import org.jvnet.hudson.test.JenkinsRule;

/**
 * An agent coming online is rid of the containers that outlive their creator and belong to builds of this controller
 * that are over (a build that ended while its agent was offline could not remove its training or block container),
 * and of nothing else: not those of running builds, of other controllers, or of owners that cannot tell controllers
 * apart (a build id, which two controllers may share).
 */
public class LeftoverContainersTest {

    @Rule
    public JenkinsRule r = new JenkinsRule();

    private static String detachedContainerOf(DockerRuntime docker, String owner) throws InterruptedException {
        return docker.startDetached(ContainerSpec.builder(TestComponents.smallImage()).command("sleep", "300").owner(owner).build(), false,
                LogSink.discarding()).id();
    }

    @Test
    public void anAgentComingOnlineRemovesOnlyTheContainersOfBuildsThatAreOver() throws Exception {
        WorkflowJob done = r.createProject(WorkflowJob.class, "done");
        done.setDefinition(new CpsFlowDefinition("echo 'over'", true));
        WorkflowRun over = r.buildAndAssertSuccess(done);
        WorkflowJob running = r.createProject(WorkflowJob.class, "running");
        running.setDefinition(new CpsFlowDefinition("sleep 300", true));
        WorkflowRun live = running.scheduleBuild2(0).waitForStart();
        String elsewhere = "https://elsewhere.example/job/done/1/";
        try (DockerRuntime docker = DockerRuntime.connect(DockerEndpoint.fromEnvironment())) {
            detachedContainerOf(docker, over.getAbsoluteUrl());
            detachedContainerOf(docker, over.getExternalizableId());
            detachedContainerOf(docker, live.getAbsoluteUrl());
            detachedContainerOf(docker, elsewhere);
            try {
                r.createOnlineSlave();
                for (int i = 0; i < 300 && !TestComponents.containersOf(over.getAbsoluteUrl()).isEmpty(); i++) {
                    Thread.sleep(100);
                }
                assertEquals("the ended build's container is removed", List.of(), TestComponents.containersOf(over.getAbsoluteUrl()));
                assertEquals("a build id could be another controller's", 1, TestComponents.containersOf(over.getExternalizableId()).size());
                assertEquals("the running build keeps its", 1, TestComponents.containersOf(live.getAbsoluteUrl()).size());
                assertEquals("another controller's are not ours", 1, TestComponents.containersOf(elsewhere).size());
            } finally {
                for (String owner : List.of(live.getAbsoluteUrl(), elsewhere, over.getExternalizableId())) {
                    TestComponents.containersOf(owner).forEach(TestComponents::removeContainer);
                }
                live.doStop();
            }
        }
        assertTrue(TestComponents.containersOf(live.getAbsoluteUrl()).isEmpty());
    }

    /** The same on Podman: the agent's user reaches its daemon too, and trainings there outlive the agent as well. */
    @Test
    public void theContainerOfABuildThatIsOverIsRemovedFromPodmanToo() throws Exception {
        String podman = TestComponents.podmanHost();
        WorkflowJob done = r.createProject(WorkflowJob.class, "done-on-podman");
        done.setDefinition(new CpsFlowDefinition("echo 'over'", true));
        WorkflowRun over = r.buildAndAssertSuccess(done);
        try (DockerRuntime daemon = DockerRuntime.connect(new DockerEndpoint(podman, false, null))) {
            new DockerImages(daemon.client(), ManifestDigestResolver.withDefaults())
                    .ensure(ImageRequest.of(TestComponents.smallImage()), LogSink.discarding(), ProgressListener.ignoring());
            String id = detachedContainerOf(daemon, over.getAbsoluteUrl());
            try {
                r.createOnlineSlave();
                for (int i = 0; i < 300 && containersOn(daemon, over.getAbsoluteUrl()).contains(id); i++) {
                    Thread.sleep(100);
                }
                assertEquals("the ended build's container is removed from Podman", List.of(), containersOn(daemon, over.getAbsoluteUrl()));
            } finally {
                if (containersOn(daemon, over.getAbsoluteUrl()).contains(id)) {
                    daemon.client().removeContainerCmd(id).withForce(true).exec();
                }
            }
        }
    }

    private static List<String> containersOn(DockerRuntime daemon, String owner) {
        return new ContainerSweeper(daemon.client()).list().stream().filter(c -> owner.equals(c.owner()))
                .map(ContainerSweeper.ManagedContainer::id).toList();
    }
}
