package io.jenkins.plugins.gputraining;

import hudson.util.ListBoxModel;
import io.gputraining.engine.runtime.RuntimeKind;

/**
 * The runtime's drop-down, shared by every step, builder, wrapper and the global configuration: the engine's
 * {@link RuntimeKind}s with what each means, after an empty choice that means "the default" (the global one for a step,
 * the engine's for the site).
 */
public final class RuntimeChoices {

    private RuntimeChoices() {
    }

    /** For a step or builder: empty means the global configuration's runtime. */
    public static ListBoxModel forStep() {
        return items(Messages.RuntimeChoices_SiteDefault(), true);
    }

    /** For a block ({@code withPytorchCuda}, the wrapper, the Declarative agent): containers only. */
    public static ListBoxModel forBlock() {
        return items(Messages.RuntimeChoices_SiteDefault(), false);
    }

    /** For the global configuration: empty means the engine's default. */
    static ListBoxModel forSite() {
        return items(Messages.RuntimeChoices_EngineDefault(RuntimeKind.DEFAULT.id()), true);
    }

    private static ListBoxModel items(String defaultLabel, boolean withLocal) {
        ListBoxModel items = new ListBoxModel();
        items.add(defaultLabel, "");
        for (RuntimeKind kind : RuntimeKind.values()) {
            if (withLocal || kind.containers()) {
                items.add(kind.id() + ": " + kind.meaning(), kind.id());
            }
        }
        return items;
    }
}
