package io.gputraining.engine.gpu;

import static org.assertj.core.api.Assertions.assertThat;

import io.gputraining.engine.LogSink;
import io.gputraining.engine.runtime.GpuRequest;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/** Many threads of one JVM (executors of one agent) racing for the GPUs of one host. */
@Timeout(30)
class GpuAllocatorConcurrencyTest {

    private static final List<String> INVENTORY = List.of("0", "1", "2", "3");
    private static final int THREADS = 8;
    private static final int ROUNDS = 25;

    @TempDir
    Path locks;

    /** Counts, per GPU, how many leases hold it right now, and how often that was more than one. */
    private static final class OverlapDetector {
        final Map<String, AtomicInteger> holding = new ConcurrentHashMap<>();
        final AtomicInteger overlaps = new AtomicInteger();
        final AtomicInteger leases = new AtomicInteger();
        final Set<String> used = ConcurrentHashMap.newKeySet();

        void use(GpuLease lease) throws InterruptedException {
            leases.incrementAndGet();
            for (String id : lease.deviceIds()) {
                used.add(id);
                if (holding.computeIfAbsent(id, k -> new AtomicInteger()).incrementAndGet() != 1) {
                    overlaps.incrementAndGet();
                }
            }
            Thread.sleep(1); // hold it a moment, so that holds of different threads do meet
            for (String id : lease.deviceIds()) {
                holding.get(id).decrementAndGet();
            }
        }
    }

    private OverlapDetector race(GpuRequest request) throws Exception {
        OverlapDetector detector = new OverlapDetector();
        ExecutorService pool = Executors.newFixedThreadPool(THREADS);
        CountDownLatch start = new CountDownLatch(1);
        List<Future<?>> workers = new ArrayList<>();
        try {
            for (int t = 0; t < THREADS; t++) {
                String owner = "executor " + t;
                // One allocator per thread, as separate builds would have: exclusion must not hinge on sharing one.
                GpuAllocator allocator = new GpuAllocator(locks, INVENTORY);
                workers.add(pool.submit(() -> {
                    start.await();
                    for (int r = 0; r < ROUNDS; r++) {
                        try (GpuLease lease = allocator.acquire(request, Duration.ofSeconds(20), owner,
                                LogSink.discarding())) {
                            detector.use(lease);
                        }
                    }
                    return null;
                }));
            }
            start.countDown();
            for (Future<?> w : workers) {
                w.get(25, TimeUnit.SECONDS);
            }
        } finally {
            pool.shutdownNow();
        }
        return detector;
    }

    @Test
    void threadsRacingForOneGpuEachNeverShareOne() throws Exception {
        OverlapDetector detector = race(GpuRequest.count(1));
        assertThat(detector.overlaps).hasValue(0);
        assertThat(detector.leases).hasValue(THREADS * ROUNDS);
        assertThat(detector.used).containsExactlyInAnyOrderElementsOf(INVENTORY);
    }

    @Test
    void threadsRacingForTwoGpusEachNeverShareOne() throws Exception {
        OverlapDetector detector = race(GpuRequest.count(2));
        assertThat(detector.overlaps).hasValue(0);
        assertThat(detector.leases).hasValue(THREADS * ROUNDS);
    }

    @Test
    void everyLockIsReleasedAfterTheRace() throws Exception {
        race(GpuRequest.count(1));
        try (GpuLease all = new GpuAllocator(locks, INVENTORY)
                .acquire(GpuRequest.all(), Duration.ZERO, "after", LogSink.discarding())) {
            assertThat(all.deviceIds()).containsExactlyElementsOf(INVENTORY);
        }
    }
}
