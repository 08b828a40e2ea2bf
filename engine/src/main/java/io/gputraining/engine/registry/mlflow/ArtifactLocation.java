package io.gputraining.engine.registry.mlflow;

import io.gputraining.engine.registry.ModelRegistryException;
import java.net.URI;
import java.util.Arrays;
import java.util.List;
import java.util.stream.Collectors;

/**
 * A run's artifact root as the tracking server's artifact proxy sees it. A run's {@code artifact_uri} is
 * {@code mlflow-artifacts:/<experiment id>/<run id>/artifacts} (or {@code mlflow-artifacts://host:port/...});
 * the proxy serves the part after the scheme under {@code /api/2.0/mlflow-artifacts/artifacts/}.
 *
 * @param artifactUri the run's artifact root, as MLflow reports it
 * @param proxyPath   the same root relative to the proxy, without leading or trailing slash
 */
record ArtifactLocation(String artifactUri, String proxyPath) {

    static final String PROXY_API = "/api/2.0/mlflow-artifacts/artifacts";

    /**
     * @throws ModelRegistryException when the run's artifacts do not go through the server's proxy (the
     *                                experiment stores them in S3, a local directory…): the agent cannot write there
     */
    static ArtifactLocation of(String artifactUri, String experimentName, URI server) {
        URI uri = URI.create(artifactUri);
        if (!"mlflow-artifacts".equals(uri.getScheme()) || uri.getPath() == null) {
            throw new ModelRegistryException("Experiment '" + experimentName + "' on " + server + " stores artifacts at "
                    + artifactUri + ", which the tracking server does not proxy, so this agent cannot upload there. "
                    + "Start the server with --serve-artifacts (the default since MLflow 2.0) and use an experiment "
                    + "created since, whose artifact location starts with mlflow-artifacts:/.", List.of(), null);
        }
        return new ArtifactLocation(artifactUri, uri.getPath().replaceAll("^/+|/+$", ""));
    }

    /** The artifact URI of {@code relative} (a file or directory below the root), e.g. a model version's source. */
    String uri(String relative) {
        return artifactUri.replaceAll("/+$", "") + "/" + relative;
    }

    /** The percent-encoded proxy path that uploads, downloads or deletes {@code relative}. */
    String filePath(String relative) {
        return PROXY_API + "/" + encodedSegments(proxyPath + "/" + relative);
    }

    /** The proxy's listing parameter for directory {@code relative} ("" for the root). */
    String listParameter(String relative) {
        return relative.isEmpty() ? proxyPath : proxyPath + "/" + relative;
    }

    private static String encodedSegments(String path) {
        return Arrays.stream(path.split("/")).map(MlflowHttp::encode).collect(Collectors.joining("/"));
    }
}
