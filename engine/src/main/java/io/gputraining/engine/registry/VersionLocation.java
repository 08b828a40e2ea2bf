package io.gputraining.engine.registry;

import java.io.Serializable;
import java.net.URI;
import java.nio.file.Path;
import java.util.Locale;

/**
 * Where a user goes to see or fetch a registered version, by registry kind: the MLflow UI pages of the
 * version and of its run, the OCI reference to pull (by digest, and by tag), or the local directory. Read from
 * what each registry puts in {@link RegisteredModel}; fields that do not apply are null.
 *
 * @param webUrl       the MLflow UI page of the model version (http or https only)
 * @param runUrl       the MLflow UI page of the run that logged it (http or https only)
 * @param pullReference {@code host/repository@sha256:…}, for {@code oras pull} or any OCI client
 * @param tagReference {@code host/repository:tag}, the version's tag in the OCI repository
 * @param directory    the local registry's directory of the version
 */
public record VersionLocation(String webUrl, String runUrl, String pullReference, String tagReference, String directory)
        implements Serializable {

    private static final long serialVersionUID = 1L;

    /** The location of {@code model}; all null for a registry kind this does not know. */
    public static VersionLocation of(RegisteredModel model) {
        String uri = model.uri() == null ? "" : model.uri();
        if (uri.startsWith("models:/")) {
            return new VersionLocation(webOnly(model.details().get("web_link")), webOnly(model.details().get("run_link")),
                    null, null, null);
        }
        if (uri.startsWith("oci://")) {
            return new VersionLocation(null, null, uri.substring("oci://".length()), model.details().get("reference"), null);
        }
        if (uri.startsWith("file:")) {
            try {
                return new VersionLocation(null, null, null, null, Path.of(URI.create(uri)).toString());
            } catch (IllegalArgumentException e) {
                return new VersionLocation(null, null, null, null, null);
            }
        }
        return new VersionLocation(null, null, null, null, null);
    }

    /** A link a page may render: only http(s), never {@code javascript:} or another scheme a detail might hold. */
    private static String webOnly(String url) {
        if (url == null) {
            return null;
        }
        String lower = url.toLowerCase(Locale.ROOT);
        return lower.startsWith("http://") || lower.startsWith("https://") ? url : null;
    }
}
