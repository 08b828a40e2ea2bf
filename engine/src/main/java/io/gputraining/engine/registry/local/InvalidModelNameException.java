package io.gputraining.engine.registry.local;

import io.gputraining.engine.registry.ModelRegistryException;
import java.util.List;

/** A model or alias name that cannot be a directory name of the local registry; nothing was stored. */
public class InvalidModelNameException extends ModelRegistryException {
    private static final long serialVersionUID = 1L;

    /**
     * @param kind what the name is for: "model name" or "alias"
     * @param name the name as given
     * @param why  what is wrong with it
     */
    public InvalidModelNameException(String kind, String name, String why) {
        super("The " + kind + " '" + name + "' cannot be used in the local model registry: " + why + ". Use 1 to "
                + LocalRegistryLayout.MAX_NAME_LENGTH + " letters, digits, '.', '_' or '-', not starting with '.',"
                + " e.g. 'resnet50-imagenet'.", List.of(), null);
    }
}
