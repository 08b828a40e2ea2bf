package io.gputraining.engine.registry.local;

import io.gputraining.engine.artifacts.ArtifactFile;
import io.gputraining.engine.registry.ModelPublication;
import io.gputraining.engine.registry.ModelRegistryException;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * Where everything of a local registry lives below its root (see {@link LocalModelRegistry} for the layout),
 * and which names and artifact paths may become file names there.
 */
final class LocalRegistryLayout {

    static final int MAX_NAME_LENGTH = 128;
    static final String MANIFEST = "manifest.json";
    static final String IDEMPOTENCY_KEY = "idempotency-key";
    static final String FILES = "files";

    private static final Pattern SAFE_NAME = Pattern.compile("[A-Za-z0-9._-]+");
    private static final Pattern VERSION = Pattern.compile("[1-9][0-9]{0,9}");

    private final Path root;

    LocalRegistryLayout(Path root) {
        this.root = root.toAbsolutePath().normalize();
    }

    Path root() {
        return root;
    }

    Path blobs() {
        return root.resolve("blobs").resolve("sha256");
    }

    Path blob(String sha256) {
        if (!sha256.matches("[0-9a-f]{64}")) {
            throw new IllegalArgumentException("not a sha256 hex digest: " + sha256);
        }
        return blobs().resolve(sha256);
    }

    /** Same file system as everything else, so that a finished file or version is published by a rename. */
    Path tmp() {
        return root.resolve("tmp");
    }

    Path model(String name) {
        return root.resolve("models").resolve(checkName("model name", name));
    }

    Path lockFile(String name) {
        return model(name).resolve(".lock");
    }

    Path versions(String name) {
        return model(name).resolve("versions");
    }

    Path version(String name, int version) {
        if (version < 1) {
            throw new IllegalArgumentException("versions start at 1: " + version);
        }
        return versions(name).resolve(Integer.toString(version));
    }

    Path aliases(String name) {
        return model(name).resolve("aliases");
    }

    Path alias(String name, String alias) {
        return aliases(name).resolve(checkName("alias", alias));
    }

    /** The version number a directory name under {@link #versions} stands for, or -1 when it is none. */
    static int versionNumber(String directoryName) {
        return VERSION.matcher(directoryName).matches() && Long.parseLong(directoryName) <= Integer.MAX_VALUE
                ? Integer.parseInt(directoryName) : -1;
    }

    /**
     * @throws InvalidModelNameException when the name is not a safe directory name
     */
    static String checkName(String kind, String name) {
        if (name == null || name.isEmpty()) {
            throw new InvalidModelNameException(kind, String.valueOf(name), "it is empty");
        }
        if (name.length() > MAX_NAME_LENGTH) {
            throw new InvalidModelNameException(kind, name, "it is " + name.length() + " characters long");
        }
        if (name.startsWith(".")) {
            throw new InvalidModelNameException(kind, name, "it starts with '.'");
        }
        if (!SAFE_NAME.matcher(name).matches()) {
            int bad = name.codePoints().filter(c -> !(c < 128 && SAFE_NAME.matcher(Character.toString(c)).matches()))
                    .findFirst().orElse('?');
            throw new InvalidModelNameException(kind, name, "it contains '" + Character.toString(bad) + "'");
        }
        return name;
    }

    /** Two artifacts may not share a path, nor may one's path be a directory of another's. */
    static void checkArtifactPaths(ModelPublication p) {
        Set<String> paths = new HashSet<>();
        for (ArtifactFile a : p.artifacts()) {
            if (!paths.add(Path.of(a.path()).normalize().toString())) {
                throw new ModelRegistryException("Cannot register model '" + p.modelName() + "': two artifacts are"
                        + " named '" + a.path() + "'. Give every file of a version its own path.", List.of(), null);
            }
        }
        for (String path : paths) {
            for (Path parent = Path.of(path).getParent(); parent != null; parent = parent.getParent()) {
                if (paths.contains(parent.toString())) {
                    throw new ModelRegistryException("Cannot register model '" + p.modelName() + "': the artifact '"
                            + parent + "' is a file, but '" + path + "' needs it to be a directory. Rename one of them.",
                            List.of(), null);
                }
            }
        }
    }
}
