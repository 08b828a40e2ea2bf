package io.jenkins.plugins.gputraining.container;

import hudson.model.InvisibleAction;

/**
 * Marks a freestyle build whose steps run in a container: {@link BuildContainerLauncher}, made before the
 * wrapper's set-up, looks for it at each launch. Removed at tear-down, so publishers run on the agent again.
 */
final class OpenContainerAction extends InvisibleAction {

    /** Only while the build runs (a freestyle build is not resumed), so not written to build.xml. */
    private final transient BlockSession session;

    OpenContainerAction(BlockSession session) {
        this.session = session;
    }

    BlockSession session() {
        return session;
    }
}
