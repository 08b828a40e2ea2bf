package io.gputraining.engine.gpu;

import io.gputraining.engine.LogSink;
import io.gputraining.engine.runtime.GpuRequest;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;

/**
 * A second process for the cross-process tests. Arguments: lock directory, inventory (comma-separated),
 * request, owner, timeout in milliseconds. Prints {@code HOLDING <ids>} and holds until stdin ends or it
 * is killed, or prints {@code TIMEOUT <message>} and exits with 3.
 */
public final class LeaseHolderMain {

    private LeaseHolderMain() {
    }

    public static void main(String[] args) throws Exception {
        GpuAllocator allocator = new GpuAllocator(Path.of(args[0]), List.of(args[1].split(",")));
        try (GpuLease lease = allocator.acquire(GpuRequest.parse(args[2]), Duration.ofMillis(Long.parseLong(args[4])),
                args[3], LogSink.discarding())) {
            System.out.println("HOLDING " + lease.cudaVisibleDevices());
            System.out.flush();
            while (System.in.read() >= 0) {
                // hold until stdin closes
            }
        } catch (GpuLeaseTimeoutException e) {
            System.out.println("TIMEOUT " + e.getMessage());
            System.out.flush();
            System.exit(3);
        }
    }
}
