package io.gputraining.engine.docker;

import static org.assertj.core.api.Assertions.assertThat;

import io.gputraining.engine.runtime.ContainerSpec;
import io.gputraining.engine.runtime.Ulimit;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The open-files and process limits a rootful Podman's containers get, and how a refusal lowers them. */
class PodmanRlimitsTest {

    private static final String LIMITS = """
            Limit                     Soft Limit           Hard Limit           Units
            Max cpu time              unlimited            unlimited            seconds
            Max processes             96362                96362                processes
            Max open files            20000                20000                files
            Max locked memory         8388608              8388608              bytes
            """;

    @Test
    void readsThisProcessLimitsRows() {
        assertThat(ProcessLimits.parse(LIMITS).hardLimits()).isEqualTo(Map.of("nofile", 20000L, "nproc", 96362L));
    }

    @Test
    void pinsTheAgentsHardLimitsUnlessTheSpecSetsThem() {
        PodmanRlimits pins = PodmanRlimits.startingAt(ProcessLimits.parse(LIMITS));
        ContainerSpec spec = ContainerSpec.builder("img").ulimits(List.of(new Ulimit("nofile", 512, 512))).build();

        assertThat(pins.apply(spec).ulimits()).containsExactlyInAnyOrder(new Ulimit("nofile", 512, 512), new Ulimit("nproc", 96362, 96362));
    }

    @Test
    void unlimitedOrUnknownStartsAtPodmansOwnDefault() {
        PodmanRlimits pins = PodmanRlimits.startingAt(ProcessLimits.parse("Max open files unlimited unlimited files\n"));

        assertThat(pins.value("nofile")).isEqualTo(PodmanRlimits.CEILING);
        assertThat(pins.value("nproc")).isEqualTo(PodmanRlimits.CEILING);
    }

    @Test
    void aRefusalHalvesDownToTheFloorThenGivesUp() {
        PodmanRlimits pins = PodmanRlimits.startingAt(ProcessLimits.parse("Max processes 4096 4096 processes\n"));

        assertThat(pins.lower("nproc", 4096)).contains(2048L);
        assertThat(pins.lower("nproc", 2048)).contains(1024L);
        assertThat(pins.lower("nproc", 1024)).isEmpty();
    }

    @Test
    void aRefusalOfAValueAlreadyLoweredByAnotherContainerKeepsTheLowerOne() {
        PodmanRlimits pins = PodmanRlimits.startingAt(ProcessLimits.parse("Max processes 8192 8192 processes\n"));
        pins.lower("nproc", 8192);

        assertThat(pins.lower("nproc", 8192)).contains(4096L);
        assertThat(pins.value("nproc")).isEqualTo(4096L);
    }

    @Test
    void dockerAndRootlessPodmanPinNothing() {
        ContainerSpec spec = ContainerSpec.builder("img").build();
        assertThat(PodmanRlimits.none().apply(spec)).isSameAs(spec);
        assertThat(PodmanRlimits.none().pins("nofile")).isFalse();
    }
}
