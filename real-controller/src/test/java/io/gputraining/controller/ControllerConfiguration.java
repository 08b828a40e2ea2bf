package io.gputraining.controller;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.UncheckedIOException;
import java.net.URI;
import java.nio.file.Path;

/**
 * The controller's configuration as code ({@code $JENKINS_HOME/jenkins.yaml}, read by the configuration-as-code
 * plugin at start), as an administrator would keep it: local users with an admin, builds only on agents, an
 * inbound agent labelled {@code gpu}, the MLflow credentials, the GPU Training settings (the registries
 * {@code mlflow-prod} and {@code scratch}) and the {@code ml-pipelines} global library from git.
 *
 * @param url             the controller's root URL, so that {@code BUILD_URL} in lineage is the real one
 * @param adminPassword   the password of the user {@code admin}
 * @param agentDirectory  the agent's root directory
 * @param mlflowUrl       the MLflow server behind {@code mlflow-prod}
 * @param mlflowUser      its user, kept as the credentials {@code mlflow-admin}
 * @param mlflowPassword  that user's password
 * @param scratchRegistry the directory of the local registry {@code scratch}
 * @param libraryRemote   the git repository of the {@code ml-pipelines} library (its {@code main} branch)
 */
record ControllerConfiguration(URI url, String adminPassword, Path agentDirectory, String mlflowUrl, String mlflowUser,
                               String mlflowPassword, Path scratchRegistry, String libraryRemote) {

    static final String ADMIN = "admin";
    static final String AGENT = "gpu-agent";
    static final String LIBRARY = "ml-pipelines";
    static final String MLFLOW_CREDENTIALS = "mlflow-admin";

    private static final ObjectMapper JSON = new ObjectMapper();

    String yaml() {
        return """
                jenkins:
                  systemMessage: "gpu-training: the plugin on a real controller (real-controller tests)"
                  numExecutors: 0
                  securityRealm:
                    local:
                      allowsSignup: false
                      users:
                        - id: %s
                          password: %s
                  authorizationStrategy:
                    loggedInUsersCanDoAnything:
                      allowAnonymousRead: true
                  nodes:
                    - permanent:
                        name: %s
                        labelString: "gpu"
                        numExecutors: 2
                        remoteFS: %s
                        launcher:
                          inbound:
                            webSocket: true
                credentials:
                  system:
                    domainCredentials:
                      - credentials:
                          - usernamePassword:
                              scope: GLOBAL
                              id: %s
                              username: %s
                              password: %s
                unclassified:
                  location:
                    url: %s
                  gpuTraining:
                    registries:
                      - name: "mlflow-prod"
                        type: "mlflow"
                        location: %s
                        credentialsId: %s
                      - name: "scratch"
                        type: "local"
                        location: %s
                    defaultRegistry: "scratch"
                  globalLibraries:
                    libraries:
                      - name: %s
                        defaultVersion: "main"
                        retriever:
                          modernSCM:
                            scm:
                              git:
                                remote: %s
                                traits:
                                  - gitBranchDiscovery
                """.formatted(q(ADMIN), q(adminPassword), q(AGENT), q(agentDirectory.toString()), q(MLFLOW_CREDENTIALS),
                q(mlflowUser), q(mlflowPassword), q(url.toString()), q(mlflowUrl), q(MLFLOW_CREDENTIALS),
                q(scratchRegistry.toString()), q(LIBRARY), q(libraryRemote));
    }

    /** A YAML double-quoted scalar (a JSON string is one). */
    private static String q(String value) {
        try {
            return JSON.writeValueAsString(value);
        } catch (JsonProcessingException e) {
            throw new UncheckedIOException(e);
        }
    }
}
