package io.gputraining.engine.gpu;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import io.gputraining.engine.LogSink;
import io.gputraining.engine.runtime.GpuRequest;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/** This JVM and a second one (say an agent and the CLI) on one host. */
@Timeout(30)
class GpuAllocatorCrossProcessTest {

    private static final String INVENTORY = "0,1";

    @TempDir
    Path locks;

    private GpuLease acquire(String request, Duration timeout) throws InterruptedException {
        return new GpuAllocator(locks, List.of(INVENTORY.split(",")))
                .acquire(GpuRequest.parse(request), timeout, "this jvm", LogSink.discarding());
    }

    @Test
    void gpuHeldByAnotherProcessIsBusyUntilThatProcessIsKilled() throws Exception {
        try (LeaseHolderProcess child = new LeaseHolderProcess(locks, INVENTORY, "device=0", "cli run", 5_000)) {
            assertThat(child.firstLine()).isEqualTo("HOLDING 0");

            GpuLeaseTimeoutException e = catchThrowableOfType(GpuLeaseTimeoutException.class,
                    () -> acquire("device=0", Duration.ofMillis(300)));
            assertThat(e.holders().get("0").owner()).isEqualTo("cli run");
            assertThat(e.holders().get("0").process().pid()).isEqualTo(child.pid());
            assertThat(e).hasMessageContaining("GPU 0 is held by 'cli run' (pid " + child.pid() + " on ");
            try (GpuLease other = acquire("1", Duration.ZERO)) {
                assertThat(other.deviceIds()).containsExactly("1");
            }

            child.kill(); // as a crash: the child never releases anything itself
            try (GpuLease lease = acquire("device=0", Duration.ofSeconds(2))) {
                assertThat(lease.deviceIds()).containsExactly("0");
            }
        }
    }

    @Test
    void gpuHeldInThisJvmStaysBusyForAnotherProcessEvenAfterAnotherThreadTriedIt() throws Exception {
        try (GpuLease held = acquire("device=0", Duration.ZERO)) {
            // A second try from this JVM must not touch the lock file: closing a descriptor of it would drop
            // this process' OS lock while the lease above still believes it holds the GPU.
            assertThatThrownBy(() -> acquire("device=0", Duration.ofMillis(100)))
                    .isInstanceOf(GpuLeaseTimeoutException.class);

            try (LeaseHolderProcess child = new LeaseHolderProcess(locks, INVENTORY, "device=0", "cli run", 300)) {
                assertThat(child.firstLine()).startsWith("TIMEOUT ")
                        .contains("GPU 0 is held by 'this jvm' (pid " + ProcessHandle.current().pid() + " on ");
                assertThat(child.exitCode()).isEqualTo(3);
            }
        }
        try (LeaseHolderProcess child = new LeaseHolderProcess(locks, INVENTORY, "device=0", "cli run", 300)) {
            assertThat(child.firstLine()).isEqualTo("HOLDING 0");
        }
    }
}
