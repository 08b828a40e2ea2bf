package io.jenkins.plugins.gputraining;

import hudson.model.Item;
import hudson.util.ListBoxModel;
import jenkins.model.Jenkins;

/**
 * The model registry's drop-down of {@code trainAndRegister} and its builder: the registries the administrator
 * configured, by the names pipelines write, after an empty choice that means the default one. Names and kinds only,
 * and only to someone who may read the job's configuration (or, outside a job, Jenkins).
 */
final class RegistryChoices {

    private RegistryChoices() {
    }

    /**
     * @param item      the job whose form this is, or null outside a job (the global Snippet Generator)
     * @param current   the value the form holds now, kept even when it names no configured registry
     */
    static ListBoxModel forStep(Item item, String current) {
        GpuTrainingConfiguration config = GpuTrainingConfiguration.get();
        ListBoxModel items = new ListBoxModel();
        items.add(config.registry(null).map(r -> Messages.RegistryChoices_DefaultNamed(r.getName()))
                .orElse(Messages.RegistryChoices_DefaultNone()), "");
        boolean mayList = item != null ? item.hasPermission(Item.EXTENDED_READ) : Jenkins.get().hasPermission(Jenkins.READ);
        if (mayList) {
            for (ModelRegistryEntry entry : config.getRegistries()) {
                items.add(entry.getName() + " (" + entry.getType() + ")", entry.getName());
            }
        }
        String wanted = GpuHealthCheckStep.blankToNull(current);
        if (wanted != null && items.stream().noneMatch(o -> o.value.equals(wanted))) {
            items.add(wanted, wanted);
        }
        return items;
    }
}
