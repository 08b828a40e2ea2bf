package io.gputraining.engine.image;

import java.io.IOException;
import java.net.ConnectException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpConnectTimeoutException;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.nio.channels.UnresolvedAddressException;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLException;

/**
 * Sends registry requests with timeouts, answering thread interrupt, and turns transport failures into
 * {@link RegistryUnreachableException}. Redirects are not followed: the JDK client would carry the
 * {@code Authorization} header to wherever the redirect points. Public so that other registry clients of the
 * engine (the OCI model registry) share it; thread-safe.
 */
public final class RegistryHttp {

    static final String USER_AGENT = "gpu-training";

    private final HttpClient.Builder builder;
    private HttpClient client;
    private final Duration connectTimeout;
    private final Duration requestTimeout;

    /**
     * @param sslContext the TLS settings, or null for the JVM's
     */
    public RegistryHttp(Duration connectTimeout, Duration requestTimeout, SSLContext sslContext) {
        HttpClient.Builder builder = HttpClient.newBuilder()
                .connectTimeout(connectTimeout)
                .followRedirects(HttpClient.Redirect.NEVER)
                // HTTP/1.1 keeps plain-http requests free of an h2c upgrade, which HEAD and proxies handle badly.
                .version(HttpClient.Version.HTTP_1_1);
        if (sslContext != null) {
            builder.sslContext(sslContext);
        }
        this.builder = builder;
        this.connectTimeout = connectTimeout;
        this.requestTimeout = requestTimeout;
    }

    /**
     * The JDK client, built at the first request: building one sets up TLS (a third of a second on a cold JVM)
     * and its selector thread holds up the JVM's exit by another 0.3 s; ensuring an image that is present by
     * digest needs neither.
     */
    private synchronized HttpClient client() {
        if (client == null) {
            client = builder.build();
        }
        return client;
    }

    /** A request to {@code uri} with the common headers and the request timeout set. */
    public HttpRequest.Builder request(URI uri) {
        return HttpRequest.newBuilder(uri).timeout(requestTimeout).header("User-Agent", USER_AGENT);
    }

    /**
     * Sends and reads the whole body. On interrupt the exchange is cancelled (which closes its connection)
     * before {@link InterruptedException} is thrown.
     */
    public HttpResponse<byte[]> send(HttpRequest request) throws InterruptedException {
        CompletableFuture<HttpResponse<byte[]>> exchange = client().sendAsync(request, HttpResponse.BodyHandlers.ofByteArray());
        try {
            return exchange.get();
        } catch (InterruptedException e) {
            exchange.cancel(true);
            throw e;
        } catch (ExecutionException e) {
            throw unreachable(request.uri(), e.getCause());
        }
    }

    private RegistryUnreachableException unreachable(URI uri, Throwable cause) {
        String hostPort = uri.getHost() + ":" + (uri.getPort() >= 0 ? uri.getPort() : uri.getScheme().equals("https") ? 443 : 80);
        String check = "Check that the registry is running and that this machine can reach it (DNS, proxy, firewall).";
        if (cause instanceof HttpConnectTimeoutException) {
            return new RegistryUnreachableException(hostPort, "no connection within " + connectTimeout.toSeconds() + "s", check, cause);
        }
        if (cause instanceof HttpTimeoutException) {
            return new RegistryUnreachableException(hostPort, "no answer to " + uri.getPath() + " within "
                    + requestTimeout.toSeconds() + "s", "The registry accepted the connection but did not answer; " + check, cause);
        }
        if (hasCause(cause, UnresolvedAddressException.class)) {
            return new RegistryUnreachableException(hostPort, "host name " + uri.getHost() + " does not resolve",
                    "Check the registry name in the image reference and this machine's DNS.", cause);
        }
        if (cause instanceof ConnectException) {
            return new RegistryUnreachableException(hostPort, "connection refused" + detail(cause), check, cause);
        }
        if (hasCause(cause, SSLException.class)) {
            return new RegistryUnreachableException(hostPort, "TLS failed" + detail(cause),
                    "If the registry's certificate comes from a private CA, add that CA to this JVM's truststore; if the "
                            + "registry serves plain HTTP, list it among the insecure registries.", cause);
        }
        if (cause instanceof IOException) {
            // Connected, then the connection broke (a reset mid-upload, a proxy closing it): not a DNS or firewall matter.
            return new RegistryUnreachableException(hostPort, "the connection broke before an answer came" + detail(cause),
                    "The registry, or a proxy in between, closed it; this is often passing: try again, and if it keeps"
                            + " happening, check the registry's log.", cause);
        }
        if (cause instanceof RuntimeException runtime) {
            throw runtime;
        }
        throw new IllegalStateException("HTTP client failed unexpectedly", cause);
    }

    private static String detail(Throwable cause) {
        for (Throwable t = cause; t != null; t = t.getCause()) {
            if (t.getMessage() != null && !t.getMessage().isBlank()) {
                return " (" + t.getMessage() + ")";
            }
        }
        return "";
    }

    private static boolean hasCause(Throwable t, Class<? extends Throwable> type) {
        for (; t != null; t = t.getCause()) {
            if (type.isInstance(t)) {
                return true;
            }
        }
        return false;
    }
}
