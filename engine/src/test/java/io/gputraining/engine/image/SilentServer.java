package io.gputraining.engine.image;

import java.io.IOException;
import java.io.InputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.util.concurrent.CountDownLatch;

/**
 * A loopback TCP server that accepts one connection, reads the request and never answers: a hung
 * registry. It notes when the client closes the connection, which shows a cancelled request really ends.
 */
final class SilentServer implements AutoCloseable {

    private final ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress());
    private final CountDownLatch requestReceived = new CountDownLatch(1);
    private final CountDownLatch clientClosed = new CountDownLatch(1);
    private final Thread acceptor = new Thread(this::serve, "silent-server");

    SilentServer() throws IOException {
        acceptor.setDaemon(true);
        acceptor.start();
    }

    String hostPort() {
        return "127.0.0.1:" + socket.getLocalPort();
    }

    CountDownLatch requestReceived() {
        return requestReceived;
    }

    CountDownLatch clientClosed() {
        return clientClosed;
    }

    private void serve() {
        try (Socket client = socket.accept(); InputStream in = client.getInputStream()) {
            byte[] buffer = new byte[4096];
            int n;
            while ((n = in.read(buffer)) >= 0) {
                if (n > 0) {
                    requestReceived.countDown();
                }
            }
            clientClosed.countDown();
        } catch (IOException e) {
            clientClosed.countDown(); // a reset also means the client let go
        }
    }

    @Override
    public void close() throws IOException {
        socket.close();
        acceptor.interrupt();
        try {
            acceptor.join(5000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
