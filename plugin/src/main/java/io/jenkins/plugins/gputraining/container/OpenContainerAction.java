package io.jenkins.plugins.gputraining.container;

import hudson.model.InvisibleAction;

/**
 * Marks a freestyle build whose steps run in a container: {@link BuildContainerLauncher}, made before the
 * wrapper's set-up, looks for it at each launch. Removed at tear-down, so publishers run on the agent again.
 */
final class OpenContainerAction extends InvisibleAction {

    private final String sessionId;

    OpenContainerAction(String sessionId) {
        this.sessionId = sessionId;
    }

    String sessionId() {
        return sessionId;
    }
}
