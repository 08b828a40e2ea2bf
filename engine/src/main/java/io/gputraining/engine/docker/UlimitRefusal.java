package io.gputraining.engine.docker;

import io.gputraining.engine.runtime.ContainerSpec;
import io.gputraining.engine.runtime.Ulimit;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A daemon whose own hard limit is lower than a ulimit we ask for (typically {@code memlock=-1} under a
 * dockerd without {@code LimitMEMLOCK=infinity}) refuses to start the container. The run should still
 * happen, with the daemon's limit and a warning that says how to lift it.
 */
final class UlimitRefusal extends RuntimeException {
    private static final long serialVersionUID = 1L;

    // RLIMIT_* numbers of Linux, as runc prints them ("error setting rlimit type 8").
    private static final Map<Integer, String> RLIMIT_NAMES = Map.ofEntries(
            Map.entry(0, "cpu"), Map.entry(1, "fsize"), Map.entry(2, "data"), Map.entry(3, "stack"), Map.entry(4, "core"),
            Map.entry(5, "rss"), Map.entry(6, "nproc"), Map.entry(7, "nofile"), Map.entry(8, "memlock"), Map.entry(9, "as"),
            Map.entry(10, "locks"), Map.entry(11, "sigpending"), Map.entry(12, "msgqueue"), Map.entry(13, "nice"),
            Map.entry(14, "rtprio"), Map.entry(15, "rttime"));
    private static final Pattern REFUSED = Pattern.compile("error setting rlimit type (\\d+)");

    private final transient ContainerSpec retrySpec;
    private final String ulimit;

    private UlimitRefusal(ContainerSpec retrySpec, String ulimit) {
        super("ulimit " + ulimit + " refused", null, false, false);
        this.retrySpec = retrySpec;
        this.ulimit = ulimit;
    }

    /** The refusal in a daemon error, when the spec asked for that ulimit and can do without it. */
    static Optional<UlimitRefusal> in(String daemonMessage, ContainerSpec spec) {
        Matcher m = REFUSED.matcher(daemonMessage);
        if (!m.find()) {
            return Optional.empty();
        }
        String name = RLIMIT_NAMES.get(Integer.parseInt(m.group(1)));
        List<Ulimit> kept = spec.ulimits().stream().filter(u -> !u.name().equals(name)).toList();
        if (name == null || kept.size() == spec.ulimits().size()) {
            return Optional.empty();
        }
        return Optional.of(new UlimitRefusal(spec.toBuilder().ulimits(kept).build(), name));
    }

    ContainerSpec retrySpec() {
        return retrySpec;
    }

    String ulimit() {
        return ulimit;
    }

    String warning(String product) {
        return warning(ulimit, product);
    }

    static String warning(String ulimit, String product) {
        String lift = product.equals("Podman")
                ? " To lift it, give the Podman service a higher limit (its systemd unit's LimitMEMLOCK=infinity, or for a"
                        + " rootless service the user's hard limit in /etc/security/limits.conf), then restart it."
                : " To lift it, give dockerd a higher limit (systemd: LimitMEMLOCK=infinity in the docker.service unit,"
                        + " then restart docker).";
        return "WARNING: the " + product + " daemon may not raise ulimit '" + ulimit + "' as asked (its own hard limit is lower);"
                + " running with the daemon's limit." + lift;
    }
}
