package io.gputraining.engine.docker;

import com.fasterxml.jackson.databind.JsonNode;
import com.github.dockerjava.api.DockerClient;
import com.github.dockerjava.api.model.Info;
import com.github.dockerjava.api.model.Version;
import com.github.dockerjava.api.model.VersionComponent;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeSet;

/**
 * Asks the daemon what it is: {@code /version} tells Podman (a component named "Podman Engine") from Docker,
 * {@code /info} gives cgroups, runtimes and Docker's CDI spec directories, and for Podman {@code /libpod/info}
 * gives what its Docker-compatible {@code /info} leaves out: whether it is rootless, and as whom it runs.
 */
final class DaemonFactsProbe {

    private DaemonFactsProbe() {
    }

    static DaemonFacts read(DockerClient docker, PodmanApi podman) {
        Version version = docker.versionCmd().exec();
        Info info = docker.infoCmd().exec();
        List<String> runtimes = info.getRuntimes() == null ? List.of() : List.copyOf(new TreeSet<>(info.getRuntimes().keySet()));
        if (isPodman(version)) {
            return podman(version, runtimes, podman.info());
        }
        boolean rootless = info.getSecurityOptions() != null
                && info.getSecurityOptions().stream().anyMatch(o -> o.contains("name=rootless"));
        return new DaemonFacts(DaemonFacts.Kind.DOCKER, version.getVersion(), version.getApiVersion(), rootless,
                info.getCGroupVersion(), cdiSpecDirs(info), runtimes, null);
    }

    static boolean isPodman(Version version) {
        List<VersionComponent> components = version.getComponents() == null ? List.of() : version.getComponents();
        return components.stream().anyMatch(c -> c.getName() != null && c.getName().toLowerCase(Locale.ROOT).contains("podman"));
    }

    private static DaemonFacts podman(Version version, List<String> runtimes, JsonNode libpod) {
        JsonNode host = libpod.path("host");
        boolean rootless = host.path("security").path("rootless").asBoolean(false);
        String cgroups = host.path("cgroupVersion").asText("").replace("v", "");
        String user = null;
        if (rootless) {
            // keep-id maps the container user to the service's own uid/gid: the host side of container id 0.
            long uid = hostIdOfContainerRoot(host.path("idMappings").path("uidmap"));
            long gid = hostIdOfContainerRoot(host.path("idMappings").path("gidmap"));
            user = uid >= 0 && gid >= 0 ? uid + ":" + gid : null;
        }
        String podmanVersion = libpod.path("version").path("Version").asText(version.getVersion());
        return new DaemonFacts(DaemonFacts.Kind.PODMAN, podmanVersion, version.getApiVersion(), rootless, cgroups,
                DaemonFacts.DEFAULT_CDI_SPEC_DIRS, runtimes, user);
    }

    private static long hostIdOfContainerRoot(JsonNode mappings) {
        for (JsonNode m : mappings) {
            if (m.path("container_id").asLong(-1) == 0) {
                return m.path("host_id").asLong(-1);
            }
        }
        return -1;
    }

    /** Docker 25+ lists its CDI spec directories while the {@code cdi} feature is on, and none while it is off. */
    private static List<String> cdiSpecDirs(Info info) {
        Map<String, Object> raw = info.getRawValues();
        Object dirs = raw == null ? null : raw.get("CDISpecDirs");
        List<String> result = new ArrayList<>();
        if (dirs instanceof List<?> list) {
            list.forEach(d -> result.add(String.valueOf(d)));
        }
        return result;
    }
}
