package io.gputraining.engine.gpu;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.gputraining.engine.LogSink;
import io.gputraining.engine.runtime.GpuRequest;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/** What each kind of request leases, and the requests a host can never satisfy. */
class GpuAllocatorRequestTest {

    // Long enough that a request which waited instead of failing at once would trip the test timeout.
    private static final Duration LONG = Duration.ofMinutes(5);

    @TempDir
    Path locks;

    private GpuLease acquire(List<String> inventory, GpuRequest request) throws InterruptedException {
        return new GpuAllocator(locks, inventory).acquire(request, LONG, "test", LogSink.discarding());
    }

    @Test
    void noneLeasesNothingWithoutTouchingTheLockDirectory() throws Exception {
        Path missing = locks.resolve("not-created");
        try (GpuLease lease = new GpuAllocator(missing, List.of("0"))
                .acquire(GpuRequest.none(), LONG, "test", LogSink.discarding())) {
            assertThat(lease.deviceIds()).isEmpty();
            assertThat(lease.toGpuRequest()).isEqualTo(GpuRequest.none());
            assertThat(lease.cudaVisibleDevices()).isEmpty();
        }
        assertThat(missing).doesNotExist();
    }

    @Test
    void allLeasesTheWholeInventoryInItsOrder() throws Exception {
        try (GpuLease lease = acquire(List.of("3", "1", "2"), GpuRequest.all())) {
            assertThat(lease.deviceIds()).containsExactly("3", "1", "2");
        }
    }

    @Test
    void countLeasesThatManyDistinctGpus() throws Exception {
        try (GpuLease lease = acquire(List.of("0", "1", "2", "3"), GpuRequest.count(2))) {
            assertThat(lease.deviceIds()).hasSize(2).doesNotHaveDuplicates().isSubsetOf("0", "1", "2", "3");
        }
    }

    @Test
    void explicitIdsLeaseExactlyThoseInInventoryOrder() throws Exception {
        List<String> uuids = List.of("GPU-5f3c0a1e-aaaa", "GPU-77b2c9d4-bbbb", "GPU-0c1d2e3f-cccc");
        try (GpuLease lease = acquire(uuids, GpuRequest.parse("GPU-0c1d2e3f-cccc,GPU-5f3c0a1e-aaaa"))) {
            assertThat(lease.deviceIds()).containsExactly("GPU-5f3c0a1e-aaaa", "GPU-0c1d2e3f-cccc");
            assertThat(lease.cudaVisibleDevices()).isEqualTo("GPU-5f3c0a1e-aaaa,GPU-0c1d2e3f-cccc");
            assertThat(lease.toGpuRequest())
                    .isEqualTo(GpuRequest.ids(List.of("GPU-5f3c0a1e-aaaa", "GPU-0c1d2e3f-cccc")));
        }
    }

    @Test
    void theLockDirectoryIsCreatedWhenMissing() throws Exception {
        Path nested = locks.resolve("a/b");
        try (GpuLease lease = new GpuAllocator(nested, List.of("0"))
                .acquire(GpuRequest.all(), LONG, "test", LogSink.discarding())) {
            assertThat(nested.resolve("gpu-0.lock")).exists();
        }
    }

    @Test
    @Timeout(5)
    void unknownIdFailsAtOnceListingTheInventory() {
        assertThatThrownBy(() -> acquire(List.of("0", "1"), GpuRequest.parse("1,7")))
                .isInstanceOf(InvalidGpuRequestException.class)
                .hasMessageContaining("GPU 7")
                .hasMessageContaining("[0, 1]")
                .hasMessageNotContaining("GPU 1,");
    }

    @Test
    @Timeout(5)
    void countAboveInventoryFailsAtOnceSayingHowManyTheHostHas() {
        assertThatThrownBy(() -> acquire(List.of("0", "1"), GpuRequest.count(3)))
                .isInstanceOf(InvalidGpuRequestException.class)
                .hasMessageContaining("asks for 3 GPUs")
                .hasMessageContaining("only 2");
    }

    @Test
    @Timeout(5)
    void anyGpuOnAHostWithoutGpusFailsAtOnce() {
        assertThatThrownBy(() -> acquire(List.of(), GpuRequest.count(1)))
                .isInstanceOf(InvalidGpuRequestException.class).hasMessageContaining("has none");
        assertThatThrownBy(() -> acquire(List.of(), GpuRequest.all()))
                .isInstanceOf(InvalidGpuRequestException.class).hasMessageContaining("has none");
    }

    @Test
    void inventoryWithARepeatedIdIsRefused() {
        assertThatThrownBy(() -> new GpuAllocator(locks, List.of("0", "1", "0")))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("repeats");
    }

    @Test
    void idsThatAreNotFileNameSafeGetDistinctLockFiles() {
        assertThat(GpuLockFile.stem("0")).isEqualTo("gpu-0");
        assertThat(GpuLockFile.stem("GPU-5f3c")).isEqualTo("gpu-GPU-5f3c");
        assertThat(GpuLockFile.stem("../x")).isEqualTo("gpu-..%2Fx");
        assertThat(GpuLockFile.stem("a%2F")).isNotEqualTo(GpuLockFile.stem("a/"));
    }
}
