package io.gputraining.engine.gpu;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.gputraining.engine.LogSink;
import io.gputraining.engine.runtime.GpuRequest;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Releasing a lease. */
class GpuLeaseTest {

    @TempDir
    Path locks;

    private GpuLease tryOnce(GpuAllocator allocator, String owner) throws InterruptedException {
        return allocator.acquire(GpuRequest.all(), Duration.ZERO, owner, LogSink.discarding());
    }

    @Test
    void closeReleasesTheGpusForTheNextRun() throws Exception {
        GpuAllocator allocator = new GpuAllocator(locks, List.of("0", "1"));
        GpuLease first = tryOnce(allocator, "first");
        first.close();
        try (GpuLease second = tryOnce(allocator, "second")) {
            assertThat(second.deviceIds()).containsExactly("0", "1");
        }
        assertThat(first.isClosed()).isTrue();
    }

    @Test
    void closingAgainDoesNotReleaseTheNextHoldersGpus() throws Exception {
        GpuAllocator allocator = new GpuAllocator(locks, List.of("0"));
        GpuLease first = tryOnce(allocator, "first");
        first.close();
        try (GpuLease second = tryOnce(allocator, "second")) {
            first.close();
            assertThat(second.isClosed()).isFalse();
            assertThat(locks.resolve("gpu-0.holder")).content().contains("owner=second");
            assertThatThrownBy(() -> tryOnce(allocator, "third"))
                    .isInstanceOf(GpuLeaseTimeoutException.class).hasMessageContaining("'second'");
        }
    }

    @Test
    void closeRemovesTheHolderRecord() throws Exception {
        GpuAllocator allocator = new GpuAllocator(locks, List.of("0"));
        try (GpuLease lease = tryOnce(allocator, "first")) {
            assertThat(locks.resolve("gpu-0.holder")).exists();
        }
        assertThat(locks.resolve("gpu-0.holder")).doesNotExist();
    }
}
