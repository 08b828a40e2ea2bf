package io.gputraining.engine.gpu;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import io.gputraining.engine.LogSink;
import io.gputraining.engine.runtime.GpuRequest;
import io.gputraining.engine.runtime.Owner;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/** Waiting for busy GPUs within one JVM: success, timeout, interrupt, all-or-nothing. */
@Timeout(20)
class GpuAllocatorWaitingTest {

    @TempDir
    Path locks;

    private final ExecutorService threads = Executors.newCachedThreadPool();

    @AfterEach
    void stopThreads() {
        threads.shutdownNow();
    }

    private GpuAllocator allocator() {
        return new GpuAllocator(locks, List.of("0", "1"));
    }

    private GpuLease hold(String request, String owner) throws InterruptedException {
        return allocator().acquire(GpuRequest.parse(request), Duration.ZERO, owner, LogSink.discarding());
    }

    @Test
    void waiterGetsTheGpuWhenTheHolderReleasesWithinTheTimeout() throws Exception {
        GpuLease holder = hold("device=0", "build #1");
        RecordingLog log = new RecordingLog();
        Future<GpuLease> waiter = threads.submit(
                () -> allocator().acquire(GpuRequest.parse("device=0"), Duration.ofSeconds(10), "build #2", log));
        assertThat(log.awaitMessage("Waiting")).isTrue();
        holder.close();
        try (GpuLease lease = waiter.get(10, TimeUnit.SECONDS)) {
            assertThat(lease.deviceIds()).containsExactly("0");
        }
        assertThat(log.messages()).filteredOn(m -> m.startsWith("Waiting")).singleElement().asString()
                .contains("GPU 0 is held by 'build #1' (pid " + ProcessHandle.current().pid());
    }

    @Test
    void timeoutNamesEachBusyGpuAndItsHolder() throws Exception {
        try (GpuLease holder = hold("device=1", "build #7")) {
            GpuLeaseTimeoutException e = catchThrowableOfType(GpuLeaseTimeoutException.class, () -> allocator()
                    .acquire(GpuRequest.all(), Duration.ofMillis(200), "build #8", LogSink.discarding()));
            assertThat(e.busyDeviceIds()).containsExactly("1");
            GpuHolder named = e.holders().get("1");
            assertThat(named.owner()).isEqualTo("build #7");
            assertThat(named.process().pid()).isEqualTo(ProcessHandle.current().pid());
            assertThat(named.since()).isBeforeOrEqualTo(Instant.now());
            assertThat(e).hasMessageContaining("Timed out after 0.2s")
                    .hasMessageContaining("GPU 1 is held by 'build #7' (pid " + ProcessHandle.current().pid() + " on ")
                    .hasMessageNotContaining("GPU 0");
        }
    }

    @Test
    void countRequestTakesAFreeGpuInsteadOfWaitingForABusyOne() throws Exception {
        try (GpuLease holder = hold("device=0", "build #1");
                GpuLease other = allocator().acquire(GpuRequest.count(1), Duration.ZERO, "b", LogSink.discarding())) {
            assertThat(other.deviceIds()).containsExactly("1");
        }
    }

    @Test
    void interruptWhileWaitingThrowsAndLeavesNothingHeld() throws Exception {
        GpuLease holder = hold("device=1", "build #1");
        RecordingLog log = new RecordingLog();
        CompletableFuture<Throwable> outcome = new CompletableFuture<>();
        Thread waiter = new Thread(() -> {
            try {
                allocator().acquire(GpuRequest.all(), Duration.ofSeconds(30), "build #2", log).close();
                outcome.complete(null);
            } catch (Throwable t) {
                outcome.complete(t);
            }
        });
        waiter.start();
        assertThat(log.awaitMessage("Waiting")).isTrue();
        waiter.interrupt();
        assertThat(outcome.get(5, TimeUnit.SECONDS)).isInstanceOf(InterruptedException.class);
        holder.close();
        try (GpuLease all = hold("all", "build #3")) {
            assertThat(all.deviceIds()).containsExactly("0", "1");
        }
    }

    @Test
    void interruptedCallerFailsWithoutTakingAnything() throws Exception {
        Thread.currentThread().interrupt();
        assertThatThrownBy(() -> hold("all", "x")).isInstanceOf(InterruptedException.class);
        try (GpuLease all = hold("all", "y")) {
            assertThat(all.deviceIds()).containsExactly("0", "1");
        }
    }

    @Test
    void waitingRequestHoldsNoneOfItsGpus() throws Exception {
        try (GpuLease holder = hold("device=1", "build #1")) {
            RecordingLog log = new RecordingLog();
            Future<GpuLease> waiter = threads.submit(
                    () -> allocator().acquire(GpuRequest.all(), Duration.ofSeconds(30), "build #2", log));
            assertThat(log.awaitMessage("Waiting")).isTrue();
            // The waiter wants 0 too; if it kept 0 while waiting for 1, this would time out.
            try (GpuLease free = allocator().acquire(GpuRequest.parse("device=0"), Duration.ofSeconds(2), "b3",
                    LogSink.discarding())) {
                assertThat(free.deviceIds()).containsExactly("0");
            }
            waiter.cancel(true);
        }
    }

    @Test
    void recordLeftByACrashedHolderBlocksNoOne() throws Exception {
        Process gone = new ProcessBuilder("true").start();
        gone.waitFor();
        GpuHolder crashed = new GpuHolder("crashed build", new Owner(Owner.thisProcess().host(), gone.pid(), 0),
                Instant.now());
        Files.writeString(locks.resolve("gpu-0.lock"), "");
        Files.writeString(locks.resolve("gpu-0.holder"), crashed.toText());
        try (GpuLease lease = hold("device=0", "next build")) {
            assertThat(lease.deviceIds()).containsExactly("0");
            assertThat(locks.resolve("gpu-0.holder")).content().contains("owner=next build");
        }
    }

    @Test
    void staleRecordIsNotPassedOffAsTheHolder() throws Exception {
        Process gone = new ProcessBuilder("true").start();
        gone.waitFor();
        try (GpuLease holder = hold("device=0", "real holder")) {
            GpuHolder crashed = new GpuHolder("crashed build", new Owner(Owner.thisProcess().host(), gone.pid(), 0),
                    Instant.now());
            Files.writeString(locks.resolve("gpu-0.holder"), crashed.toText());
            assertThatThrownBy(() -> hold("device=0", "waiter"))
                    .isInstanceOf(GpuLeaseTimeoutException.class)
                    .hasMessageContaining("GPU 0 is held by a process that has not recorded who it is")
                    .hasMessageNotContaining("crashed build");
        }
    }
}
