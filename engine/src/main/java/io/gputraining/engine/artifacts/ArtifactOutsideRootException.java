package io.gputraining.engine.artifacts;

/**
 * A selected file, or a directory the selection walks into, is a symbolic link (or lies under one) whose real
 * target is outside the artifact root. Refused, so that a link in a workspace cannot smuggle files from
 * elsewhere on the agent into a registry.
 */
public class ArtifactOutsideRootException extends ArtifactSelectionException {
    private static final long serialVersionUID = 1L;

    private final String path;
    private final String target;

    /**
     * @param path   the offending path, relative to the root
     * @param target where it really leads
     * @param root   the artifact root (its real path)
     */
    public ArtifactOutsideRootException(String path, String target, String root, boolean directory) {
        super((directory ? "Directory '" : "File '") + path + "' leads through a symbolic link to " + target
                + ", which is outside the artifact root " + root + ". Artifacts must lie inside the root: "
                + (directory ? "narrow the patterns so that they do not reach into '" + path + "/'"
                        : "leave '" + path + "' out of the patterns")
                + ", or copy the files into the root instead of linking them.");
        this.path = path;
        this.target = target;
    }

    /** The offending path, relative to the root. */
    public String path() {
        return path;
    }

    /** Its real target, outside the root. */
    public String target() {
        return target;
    }
}
