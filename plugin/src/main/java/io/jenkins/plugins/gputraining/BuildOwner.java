package io.jenkins.plugins.gputraining;

import hudson.EnvVars;
import hudson.model.Run;

/**
 * Who the containers and GPU leases of a step belong to, as the engine labels them: the build's URL when
 * Jenkins knows its own URL, else the build's id ({@code folder/job#42}). The full URL keeps two controllers
 * that share a Docker host (or a GPU machine) apart, where a relative {@code job/p/1/} would not.
 */
public final class BuildOwner {

    private BuildOwner() {
    }

    /** The owner of the work of {@code run}, whose environment is {@code env}. */
    public static String of(Run<?, ?> run, EnvVars env) {
        String url = env.get("BUILD_URL");
        return url == null || url.isBlank() ? run.getExternalizableId() : url;
    }
}
