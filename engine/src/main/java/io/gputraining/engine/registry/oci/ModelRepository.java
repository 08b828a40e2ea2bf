package io.gputraining.engine.registry.oci;

import java.util.Locale;
import java.util.regex.Pattern;

/**
 * Where a model's versions live in an OCI registry: {@code <base repository>/<model name>}, lower-cased, which
 * must match the distribution spec's name grammar. Two model names that differ only in case share a
 * repository; the manifest keeps the name as given.
 *
 * @param registry   the registry host with optional port, {@code 127.0.0.1:5000}
 * @param repository the repository path, {@code models/resnet-50}
 */
public record ModelRepository(String registry, String repository) {

    private static final String COMPONENT = "[a-z0-9]+(?:(?:\\.|_|__|-+)[a-z0-9]+)*";
    static final Pattern NAME = Pattern.compile(COMPONENT + "(?:/" + COMPONENT + ")*");
    /** Most clients refuse a {@code host/name} longer than this (distribution spec). */
    static final int MAX_REFERENCE_LENGTH = 255;

    /**
     * @throws InvalidOciNameException when the lower-cased name breaks the grammar, saying what to rename it to
     */
    public static ModelRepository of(String registry, String baseRepository, String modelName) {
        String name = modelName.strip().toLowerCase(Locale.ROOT);
        if (!NAME.matcher(name).matches()) {
            throw new InvalidOciNameException("Model name '" + modelName + "' cannot name an OCI repository: lower-cased, it "
                    + "must be letters, digits and the separators '.', '_', '__', '-' in '/'-separated parts that start and "
                    + "end with a letter or digit. Rename the model" + suggestion(name) + ".");
        }
        String repository = baseRepository.isEmpty() ? name : baseRepository + "/" + name;
        if (registry.length() + 1 + repository.length() > MAX_REFERENCE_LENGTH) {
            throw new InvalidOciNameException("Model name '" + modelName + "' makes the OCI reference " + registry + "/"
                    + repository + " longer than " + MAX_REFERENCE_LENGTH + " characters, which registries refuse. Use a "
                    + "shorter model name or base repository.");
        }
        return new ModelRepository(registry, repository);
    }

    /** Checks a base repository ({@code models}, {@code team/models}, or empty for the registry's root). */
    static String checkBase(String baseRepository) {
        String base = baseRepository.strip();
        while (base.endsWith("/")) {
            base = base.substring(0, base.length() - 1);
        }
        if (!base.isEmpty() && !NAME.matcher(base).matches()) {
            throw new InvalidOciNameException("Base repository '" + baseRepository + "' is not an OCI repository name: it "
                    + "must be lower-case letters, digits and the separators '.', '_', '__', '-' in '/'-separated parts.");
        }
        return base;
    }

    private static String suggestion(String name) {
        String fixed = name.replaceAll("[^a-z0-9/._-]+", "-").replaceAll("/+", "/")
                .replaceAll("(^|/)[._-]+", "$1").replaceAll("[._-]+($|/)", "$1").replaceAll("^/|/$", "");
        return NAME.matcher(fixed).matches() ? ", e.g. to '" + fixed + "'" : "";
    }

    /** {@code host/repository}, as in {@code docker pull host/repository:tag}. */
    public String reference() {
        return registry + "/" + repository;
    }

    @Override
    public String toString() {
        return reference();
    }
}
