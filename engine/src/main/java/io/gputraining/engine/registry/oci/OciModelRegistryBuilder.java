package io.gputraining.engine.registry.oci;

import io.gputraining.engine.http.RetryPolicy;
import io.gputraining.engine.image.InsecureRegistries;
import io.gputraining.engine.image.RegistryCredentials;
import java.time.Clock;
import java.time.Duration;
import java.util.Objects;
import java.util.regex.Pattern;
import javax.net.ssl.SSLContext;

/** Settings of an {@link OciModelRegistry}; start with {@link OciModelRegistry#builder(String, String)}. */
public final class OciModelRegistryBuilder {

    private static final Pattern HOST_PORT = Pattern.compile(
            "(?:[A-Za-z0-9](?:[A-Za-z0-9-]*[A-Za-z0-9])?(?:\\.[A-Za-z0-9](?:[A-Za-z0-9-]*[A-Za-z0-9])?)*|\\[[0-9A-Fa-f:.]+\\])(?::[0-9]{1,5})?");

    final String registry;
    final String baseRepository;
    RegistryCredentials credentials = RegistryCredentials.none();
    InsecureRegistries insecureRegistries = InsecureRegistries.loopbackOnly();
    RetryPolicy retryPolicy = RetryPolicy.defaults();
    Duration connectTimeout = Duration.ofSeconds(10);
    Duration requestTimeout = Duration.ofSeconds(60);
    long minimumUploadBytesPerSecond = 1 << 20;
    SSLContext sslContext;
    Clock clock = Clock.systemUTC();

    OciModelRegistryBuilder(String registry, String baseRepository) {
        Objects.requireNonNull(registry, "registry");
        if (!HOST_PORT.matcher(registry).matches()) {
            throw new InvalidOciNameException("Registry '" + registry + "' is not a host with optional port; give it as "
                    + "registry.example.com or 127.0.0.1:5000, without scheme or path.");
        }
        this.registry = registry;
        this.baseRepository = ModelRepository.checkBase(Objects.requireNonNull(baseRepository, "baseRepository"));
    }

    /** Where credentials for the registry come from; default none (anonymous). Push needs pull and push rights. */
    public OciModelRegistryBuilder credentials(RegistryCredentials credentials) {
        this.credentials = Objects.requireNonNull(credentials, "credentials");
        return this;
    }

    /** Which registries get plain HTTP; default {@link InsecureRegistries#loopbackOnly()}. */
    public OciModelRegistryBuilder insecureRegistries(InsecureRegistries insecure) {
        this.insecureRegistries = Objects.requireNonNull(insecure, "insecureRegistries");
        return this;
    }

    /** How transient failures (5xx, 429, broken connections) are retried; default {@link RetryPolicy#defaults()}. */
    public OciModelRegistryBuilder retryPolicy(RetryPolicy policy) {
        this.retryPolicy = Objects.requireNonNull(policy, "retryPolicy");
        return this;
    }

    /** How long to wait for a connection; default 10 s. */
    public OciModelRegistryBuilder connectTimeout(Duration timeout) {
        this.connectTimeout = positive(timeout);
        return this;
    }

    /** How long a request without a large body may take; default 60 s. Uploads get more, see below. */
    public OciModelRegistryBuilder requestTimeout(Duration timeout) {
        this.requestTimeout = positive(timeout);
        return this;
    }

    /**
     * The slowest upload tolerated, in bytes per second; default 1 MiB/s. A blob upload may take the request
     * timeout plus its size at this rate, so a stalled connection is abandoned (and retried) while a large
     * checkpoint on a slow link is not.
     */
    public OciModelRegistryBuilder minimumUploadRate(long bytesPerSecond) {
        if (bytesPerSecond < 1) {
            throw new IllegalArgumentException("minimum upload rate must be positive, was " + bytesPerSecond);
        }
        this.minimumUploadBytesPerSecond = bytesPerSecond;
        return this;
    }

    /** The TLS settings (which CAs to trust); default the JVM's. */
    public OciModelRegistryBuilder sslContext(SSLContext context) {
        this.sslContext = Objects.requireNonNull(context, "sslContext");
        return this;
    }

    /** The clock for the manifest's creation time; default UTC system time. */
    public OciModelRegistryBuilder clock(Clock clock) {
        this.clock = Objects.requireNonNull(clock, "clock");
        return this;
    }

    public OciModelRegistry build() {
        return new OciModelRegistry(this);
    }

    private static Duration positive(Duration d) {
        if (d.isNegative() || d.isZero()) {
            throw new IllegalArgumentException("timeout must be positive, got " + d);
        }
        return d;
    }
}
