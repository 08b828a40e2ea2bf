package io.jenkins.plugins.gputraining;

import hudson.model.TaskListener;
import hudson.remoting.Channel;
import java.io.IOException;

/**
 * What a call on an agent wrote to the build's listener travels to the controller on its own, behind the call's
 * answer, and a Pipeline's listener even waits on the agent for more before it sends (workflow-api buffers remote
 * log output). Without pushing it, a step that failed could end the build before its last lines (the lease, the
 * error's context) reached the log, and a report could show up after the next step's output.
 */
public final class AgentLog {

    private AgentLog() {
    }

    /** Sends what this agent call wrote and waits until the controller has it; call last, on the agent. */
    public static void delivered(TaskListener listener) {
        listener.getLogger().flush();
        Channel channel = Channel.current();
        if (channel == null) {
            return; // on the controller itself: written already
        }
        try {
            channel.syncIO();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt(); // the call is being stopped: its own outcome matters more than the tail of the log
        } catch (IOException e) {
            // the channel is closing: nothing more can be delivered, and the call's outcome says why
        }
    }
}
