package io.jenkins.plugins.gputraining;

import hudson.EnvVars;
import hudson.model.Job;
import hudson.model.Run;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import jenkins.model.Jenkins;

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

    /**
     * Whether the build an owner names has ended (or no longer exists), as far as this controller can tell: empty for
     * an owner that is no build of this controller's (another controller's URL, the CLI, a job it does not know), so
     * that nothing of others is ever taken for a leftover. Only a build URL under this controller's own URL counts: a
     * build id ({@code job#42}, used where Jenkins does not know its URL) cannot tell two controllers apart. Call with
     * the rights to see every job (SYSTEM).
     */
    public static Optional<Boolean> isOver(String owner) {
        Jenkins jenkins = Jenkins.get();
        String root = jenkins.getRootUrl();
        if (root != null && owner.startsWith(root)) {
            return byUrl(jenkins, owner.substring(root.length()));
        }
        return Optional.empty();
    }

    /** {@code job/folder/job/name/42/}, as {@code Run.getUrl()} writes it (names URL-encoded). */
    private static Optional<Boolean> byUrl(Jenkins jenkins, String path) {
        String[] parts = path.split("/");
        List<String> names = new ArrayList<>();
        int i = 0;
        for (; i + 1 < parts.length && parts[i].equals("job"); i += 2) {
            names.add(URLDecoder.decode(parts[i + 1].replace("+", "%2B"), StandardCharsets.UTF_8));
        }
        if (names.isEmpty() || i != parts.length - 1 || !parts[i].matches("\\d+")) {
            return Optional.empty();
        }
        return over(jenkins.getItemByFullName(String.join("/", names), Job.class), Integer.parseInt(parts[i]));
    }

    private static Optional<Boolean> over(Job<?, ?> job, int number) {
        if (job == null) {
            return Optional.empty();
        }
        Run<?, ?> run = job.getBuildByNumber(number);
        return Optional.of(run == null || !run.isBuilding());
    }
}
