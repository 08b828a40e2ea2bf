package io.gputraining.engine.image;

import java.io.Serializable;
import java.util.Collection;
import java.util.Locale;
import java.util.Set;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

/**
 * The registries spoken to over plain HTTP instead of HTTPS, like Docker's {@code insecure-registries}.
 * As in Docker, loopback registries ({@code localhost}, {@code 127.0.0.0/8}, {@code [::1]}) are insecure
 * by default: traffic never leaves the machine, and a local registry rarely has a certificate.
 *
 * @param registries    further registries, each a host ({@code registry.lan}, any port) or host with
 *                      port ({@code registry.lan:5000}); lower case
 * @param loopbackPlain whether loopback registries use plain HTTP
 */
public record InsecureRegistries(Set<String> registries, boolean loopbackPlain) implements Serializable {

    private static final long serialVersionUID = 1L;
    private static final Pattern IPV4_LOOPBACK = Pattern.compile("127\\.\\d{1,3}\\.\\d{1,3}\\.\\d{1,3}");

    public InsecureRegistries {
        registries = registries.stream().map(r -> r.strip().toLowerCase(Locale.ROOT)).collect(Collectors.toUnmodifiableSet());
    }

    /** Docker's default: only loopback registries use plain HTTP. */
    public static InsecureRegistries loopbackOnly() {
        return new InsecureRegistries(Set.of(), true);
    }

    /** Loopback registries plus {@code registries} (hosts or host:port) use plain HTTP. */
    public static InsecureRegistries loopbackAnd(Collection<String> registries) {
        return new InsecureRegistries(Set.copyOf(registries), true);
    }

    /** Every registry, loopback ones too, is reached over HTTPS (for a loopback registry with TLS). */
    public static InsecureRegistries none() {
        return new InsecureRegistries(Set.of(), false);
    }

    /** Whether {@code registry} (as in {@link ImageRef#registry()}: host with optional port) uses plain HTTP. */
    public boolean isInsecure(String registry) {
        String hostPort = registry.toLowerCase(Locale.ROOT);
        String host = hostOf(hostPort);
        return registries.contains(hostPort) || registries.contains(host) || (loopbackPlain && isLoopback(host));
    }

    /** The host part of {@code host[:port]}, keeping the brackets of an IPv6 literal. */
    static String hostOf(String hostPort) {
        if (hostPort.startsWith("[")) {
            int close = hostPort.indexOf(']');
            return close < 0 ? hostPort : hostPort.substring(0, close + 1);
        }
        int colon = hostPort.lastIndexOf(':');
        return colon < 0 ? hostPort : hostPort.substring(0, colon);
    }

    // Judged on the name alone: resolving it would be a DNS lookup, and Docker does not resolve either.
    static boolean isLoopback(String host) {
        return host.equals("localhost") || IPV4_LOOPBACK.matcher(host).matches()
                || host.equals("[::1]") || host.equals("[0:0:0:0:0:0:0:1]");
    }
}
