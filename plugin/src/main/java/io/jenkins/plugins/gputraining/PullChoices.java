package io.jenkins.plugins.gputraining;

import hudson.util.ListBoxModel;
import io.gputraining.engine.image.PullPolicy;

/**
 * The pull policy's drop-down, shared by every step, builder, wrapper and the global configuration: the engine's
 * words, after an empty choice that means "the default" (the global one for a step, the engine's for the site).
 */
public final class PullChoices {

    private PullChoices() {
    }

    /** For a step, builder or wrapper: empty means the global configuration's policy. */
    public static ListBoxModel forStep() {
        return items(Messages.PullChoices_SiteDefault());
    }

    /** For the global configuration: empty means the engine's default. */
    static ListBoxModel forSite() {
        return items(Messages.PullChoices_EngineDefault(PullPolicy.DEFAULT_WORD));
    }

    private static ListBoxModel items(String defaultLabel) {
        ListBoxModel items = new ListBoxModel();
        items.add(defaultLabel, "");
        items.add(Messages.PullChoices_newer(), PullPolicy.NEWER.word());
        items.add(Messages.PullChoices_missing(), PullPolicy.MISSING.word());
        items.add(Messages.PullChoices_always(), PullPolicy.ALWAYS.word());
        items.add(Messages.PullChoices_never(), PullPolicy.NEVER.word());
        return items;
    }
}
