package io.gputraining.engine.testing;

import io.gputraining.engine.testing.BodyCopy.Framing;
import io.gputraining.engine.testing.Fault.Kind;
import java.io.BufferedInputStream;
import java.io.BufferedOutputStream;
import java.io.ByteArrayOutputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

/**
 * A loopback HTTP/1.1 proxy in front of a real server (the MLflow tracking server, an OCI registry) that
 * relays every request and answer byte for byte, in constant memory, except where its {@link FaultPlan}
 * says to break one: reset the connection part-way through a request body, answer an error status, answer
 * late, cut an answer body short, change a byte, never answer. Clients address it as they would the server:
 * it rewrites {@code Host} on the way in and upstream {@code Location}s on the way out, so every request
 * of an exchange (a registry's upload sessions included) goes through it.
 *
 * <pre>{@code
 * try (FaultProxy proxy = FaultProxy.start(TestEnvironment.registry())) {
 *     proxy.plan(FaultPlan.onMatching(ProxiedRequest.matching("PUT", ".*\/blobs/uploads/.*"), 1, 1, Fault.resetAfter(1 << 20)));
 *     registry(proxy.hostPort()).register(...);
 * }
 * }</pre>
 */
public final class FaultProxy implements AutoCloseable {

    private static final Set<String> HOP_BY_HOP = Set.of("host", "connection", "keep-alive", "proxy-connection", "expect",
            "upgrade");
    private static final int UPSTREAM_READ_TIMEOUT_MS = 120_000;

    private final String upstream;
    private final ServerSocket server;
    private final ExecutorService connections = Executors.newCachedThreadPool(r -> {
        Thread thread = new Thread(r, "fault-proxy");
        thread.setDaemon(true);
        return thread;
    });
    private final Set<Socket> open = ConcurrentHashMap.newKeySet();
    private final CountDownLatch closed = new CountDownLatch(1);
    private final List<String> requests = new ArrayList<>();
    private final List<ProxiedRequest> seen = new ArrayList<>();
    private final List<Injection> injections = new ArrayList<>();
    private FaultPlan plan = FaultPlan.passThrough();
    private int ordinal;

    /** A fault that took effect: on which request, and what it did. */
    public record Injection(ProxiedRequest request, Fault fault, String effect) {
    }

    private FaultProxy(String upstream) throws IOException {
        this.upstream = upstream;
        this.server = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
        connections.execute(this::accept);
    }

    /** Starts a proxy on a free loopback port in front of {@code upstreamHostPort} ({@code 127.0.0.1:5000}). */
    public static FaultProxy start(String upstreamHostPort) throws IOException {
        return new FaultProxy(upstreamHostPort.replaceFirst("^https?://", "").replaceAll("/+$", ""));
    }

    public String hostPort() {
        return "127.0.0.1:" + server.getLocalPort();
    }

    public String url() {
        return "http://" + hostPort();
    }

    /** From now on, what each new request gets. */
    public synchronized void plan(FaultPlan newPlan) {
        this.plan = newPlan;
    }

    /** Every request seen, in order, as {@code METHOD /path?query -> status} (or {@code -> reset}, {@code -> hang}). */
    public synchronized List<String> requests() {
        return List.copyOf(requests);
    }

    /** Every request seen, in order, as {@code METHOD /raw-path}: without query and outcome. */
    public synchronized List<String> requestPaths() {
        return seen.stream().map(r -> r.method() + " " + r.rawPath()).toList();
    }

    /** Every request seen, in order, as the plan saw it. */
    public synchronized List<ProxiedRequest> proxiedRequests() {
        return List.copyOf(seen);
    }

    /** The faults that took effect, in order. */
    public synchronized List<Injection> injections() {
        return List.copyOf(injections);
    }

    /** Waits until {@code count} faults took effect; false when {@code timeout} passed first. */
    public synchronized boolean awaitInjections(int count, Duration timeout) throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (injections.size() < count) {
            long left = deadline - System.nanoTime();
            if (left <= 0) {
                return false;
            }
            wait(Math.max(1, left / 1_000_000));
        }
        return true;
    }

    private void accept() {
        while (!server.isClosed()) {
            try {
                Socket client = server.accept();
                open.add(client);
                connections.execute(() -> serve(client));
            } catch (IOException | java.util.concurrent.RejectedExecutionException e) {
                return; // closed
            }
        }
    }

    private void serve(Socket client) {
        try (client) {
            InputStream in = new BufferedInputStream(client.getInputStream());
            OutputStream out = new BufferedOutputStream(client.getOutputStream());
            for (HttpHead head; (head = HttpHead.read(in)) != null; ) {
                ProxiedRequest request;
                Fault fault;
                synchronized (this) {
                    request = ProxiedRequest.of(head.word(0), head.word(1), ++ordinal,
                            head.chunked() ? -1 : Math.max(0, head.contentLength()));
                    fault = plan.faultFor(request);
                }
                if (!exchange(head, request, fault, in, out, client)) {
                    return;
                }
            }
        } catch (IOException e) {
            // The client or upstream went away: this connection ends, as it would at a real server.
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } finally {
            open.remove(client);
        }
    }

    /** One request and its answer; returns whether the client connection stays usable. */
    private boolean exchange(HttpHead head, ProxiedRequest request, Fault fault, InputStream clientIn, OutputStream clientOut,
                             Socket client) throws IOException, InterruptedException {
        if ("100-continue".equalsIgnoreCase(head.header("Expect"))) {
            clientOut.write("HTTP/1.1 100 Continue\r\n\r\n".getBytes(StandardCharsets.ISO_8859_1));
            clientOut.flush();
        }
        Framing requestFraming = Framing.ofRequest(head);
        if (fault.kind() == Kind.ANSWER || fault.kind() == Kind.HANG) {
            new BodyCopy(clientIn, OutputStream.nullOutputStream()).copy(requestFraming, head.contentLength());
            if (fault.kind() == Kind.HANG) {
                record(request, "hang", fault, "held without an answer");
                closed.await();
                return false;
            }
            record(request, String.valueOf(fault.status()), fault, "answered " + fault.status() + " without forwarding");
            answer(clientOut, fault.status());
            return true;
        }
        try (Socket upstreamSocket = connectUpstream()) {
            InputStream upIn = new BufferedInputStream(upstreamSocket.getInputStream());
            OutputStream upOut = new BufferedOutputStream(upstreamSocket.getOutputStream());
            head.without(HOP_BY_HOP, "Host", upstream, "Connection", "close").write(upOut);
            BodyCopy body = new BodyCopy(clientIn, upOut);
            if (fault.kind() == Kind.RESET_MID_REQUEST) {
                body.stoppingAfter(fault.bytes());
            } else if (fault.kind() == Kind.CORRUPT_REQUEST) {
                body.corruptingByte(fault.bytes() >= 0 ? fault.bytes() : head.contentLength() / 2);
            }
            ByteArrayOutputStream captured = new ByteArrayOutputStream();
            if (fault.kind() == Kind.BEFORE_ANSWER) {
                body.capturingInto(captured);
            }
            boolean whole = body.copy(requestFraming, head.contentLength());
            upOut.flush();
            if (!whole) {
                record(request, "reset", fault, "reset after " + body.copied() + " request bytes");
                reset(client);
                reset(upstreamSocket);
                return false;
            }
            HttpHead response = HttpHead.read(upIn);
            if (response == null) {
                throw new EOFException("upstream " + upstream + " closed without answering " + request.line());
            }
            Framing framing = Framing.ofResponse(request.method(), response);
            return relay(request, fault, response, framing, upIn, clientOut, client, captured.toByteArray(), upstreamSocket);
        }
    }

    private boolean relay(ProxiedRequest request, Fault fault, HttpHead response, Framing framing, InputStream upIn,
                          OutputStream clientOut, Socket client, byte[] requestBody, Socket upstreamSocket)
            throws IOException, InterruptedException {
        String status = response.word(1);
        switch (fault.kind()) {
            case RESET_MID_REQUEST -> { // the whole body went up: let upstream finish, then lose its answer
                new BodyCopy(upIn, OutputStream.nullOutputStream()).copy(framing, response.contentLength());
                record(request, "reset", fault, "reset after the whole request; upstream answered " + status);
                reset(client);
                return false;
            }
            case ANSWER_AFTER_FORWARDING -> {
                new BodyCopy(upIn, OutputStream.nullOutputStream()).copy(framing, response.contentLength());
                record(request, String.valueOf(fault.status()), fault, "upstream answered " + status + ", client got " + fault.status());
                answer(clientOut, fault.status());
                return true;
            }
            case DELAY -> { // recorded first: a client that gave up waiting may close the proxy before the delay ends
                record(request, null, fault, fault.describe() + "; upstream answered " + status);
                Thread.sleep(fault.delay().toMillis());
            }
            case BEFORE_ANSWER -> fault.runHook(requestBody);
            default -> { }
        }
        String proxyAddress = "http://" + hostPort();
        HttpHead relayed = response.without(Set.of("connection", "keep-alive"),
                framing == Framing.UNTIL_CLOSE ? new String[] {"Connection", "close"} : new String[0])
                .rewriting("Location", value -> value.replace("http://" + upstream, proxyAddress));
        BodyCopy answer = new BodyCopy(upIn, clientOut);
        if (fault.kind() == Kind.TRUNCATE_RESPONSE) {
            answer.stoppingAfter(framing == Framing.LENGTH ? Math.min(fault.bytes(), response.contentLength() - 1) : fault.bytes());
        }
        boolean changes = !fault.passes() && fault.kind() != Kind.TRUNCATE_RESPONSE && fault.kind() != Kind.DELAY;
        record(request, status, changes ? fault : null, fault.describe() + "; upstream answered " + status);
        relayed.write(clientOut);
        boolean complete = answer.copy(framing, response.contentLength());
        clientOut.flush();
        if (!complete) {
            record(request, null, fault, "answer " + status + " of " + request.line() + " cut after " + answer.copied() + " body bytes");
            reset(upstreamSocket);
            client.shutdownOutput();
            return false;
        }
        return framing != Framing.UNTIL_CLOSE;
    }

    private Socket connectUpstream() throws IOException {
        int colon = upstream.lastIndexOf(':');
        Socket socket = new Socket();
        socket.connect(new InetSocketAddress(upstream.substring(0, colon), Integer.parseInt(upstream.substring(colon + 1))), 5_000);
        socket.setSoTimeout(UPSTREAM_READ_TIMEOUT_MS);
        open.add(socket);
        return socket;
    }

    private static void answer(OutputStream out, int status) throws IOException {
        byte[] body = ("{\"errors\":[{\"code\":\"UNKNOWN\",\"message\":\"injected failure " + status + "\"}]}")
                .getBytes(StandardCharsets.UTF_8);
        out.write(("HTTP/1.1 " + status + " Injected\r\nContent-Type: application/json\r\nContent-Length: " + body.length
                + "\r\n\r\n").getBytes(StandardCharsets.ISO_8859_1));
        out.write(body);
        out.flush();
    }

    private static void reset(Socket socket) throws IOException {
        socket.setSoLinger(true, 0); // close with RST, not FIN: the peer sees "connection reset"
        socket.close();
    }

    /** Records the request line with what it got (unless {@code outcome} is null) and the injection of {@code fault}, if any. */
    private synchronized void record(ProxiedRequest request, String outcome, Fault fault, String effect) {
        if (outcome != null) {
            requests.add(request.line() + " -> " + outcome);
            seen.add(request);
        }
        if (fault != null) {
            injections.add(new Injection(request, fault, effect));
            notifyAll();
        }
    }

    @Override
    public void close() {
        closed.countDown();
        try {
            server.close();
        } catch (IOException e) {
            // already closed
        }
        open.forEach(socket -> {
            try {
                socket.close();
            } catch (IOException e) {
                // closing anyway
            }
        });
        connections.shutdownNow();
    }
}
