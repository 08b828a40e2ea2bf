package io.gputraining.engine.runtime;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.gputraining.engine.EngineException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** {@code mounts:} entries read as {@code docker run -v} reads a bind mount, always read-only, never the daemon's. */
class ReadOnlyMountTest {

    @TempDir
    Path dir;

    @Test
    void aPathAloneMountsAtTheSamePathAndAPairWhereTold() {
        assertThat(ReadOnlyMount.parse("/data/imagenet")).isEqualTo(new ReadOnlyMount("/data/imagenet", "/data/imagenet"));
        assertThat(ReadOnlyMount.parse(" /data/imagenet:/datasets/in:ro ").toMount())
                .isEqualTo(new Mount("/data/imagenet", "/datasets/in", true));
        assertThat(ReadOnlyMount.parse("//data/./imagenet/")).hasToString("/data/imagenet:/data/imagenet:ro");
    }

    @Test
    void readWriteIsRefusedSayingMountsAreReadOnly() {
        assertThatThrownBy(() -> ReadOnlyMount.parse("/data:/data:rw")).isInstanceOf(EngineException.class)
                .hasMessageContaining("mounts are always read-only").hasMessageContaining("drop ':rw'");
    }

    @ParameterizedTest
    @ValueSource(strings = {"data", "volume:/data", "/data:relative", "/data/../etc", "", "/a:/b:/c:/d"})
    void relativePathsNamedVolumesAndDotDotAreRefused(String entry) {
        assertThatThrownBy(() -> ReadOnlyMount.parse(entry)).isInstanceOf(EngineException.class);
    }

    @ParameterizedTest
    @ValueSource(strings = {"/var/run/docker.sock", "/run/docker.sock", "/run", "/var/run", "/var", "/run/podman/podman.sock",
            "/run/user/1000/podman/podman.sock", "/var/lib/docker/volumes/x", "/home/me/docker.sock", "/proc", "/sys/fs/cgroup",
            "/dev"})
    void theDaemonsSocketItsStateAndTheKernelsPathsAreRefused(String hostPath) {
        assertThatThrownBy(() -> ReadOnlyMount.parse(hostPath + ":/data")).isInstanceOf(EngineException.class)
                .hasMessageContaining("is not allowed");
    }

    @Test
    void rootIsRefusedSayingWhy() {
        assertThatThrownBy(() -> ReadOnlyMount.parse("/:/host")).isInstanceOf(EngineException.class)
                .hasMessageContaining("Mounting / is not allowed").hasMessageContaining("socket");
        assertThatThrownBy(() -> ReadOnlyMount.parse("/data:/")).isInstanceOf(EngineException.class)
                .hasMessageContaining("Mount target / is not allowed");
    }

    @Test
    void onTheHostALinkToARefusedPathIsRefusedToo() throws Exception {
        Path link = Files.createSymbolicLink(dir.resolve("innocent"), Path.of("/proc/self"));

        assertThatThrownBy(() -> ReadOnlyMount.parse(link.toString()).checkOnThisHost()).isInstanceOf(EngineException.class)
                .hasMessageContaining("is a link to /proc/").hasMessageContaining("not allowed");
    }

    @Test
    void onTheHostAMissingSourceIsRefusedBeforeDockerCreatesAnEmptyOne() {
        assertThatThrownBy(() -> ReadOnlyMount.parse(dir.resolve("nope").toString()).checkOnThisHost())
                .isInstanceOf(EngineException.class).hasMessageContaining("does not exist on this agent");
    }

    @Test
    void onTheHostAnExistingDirectoryPasses() throws Exception {
        Path data = Files.createDirectories(dir.resolve("data"));

        ReadOnlyMount.parse(data + ":/data").checkOnThisHost();
    }
}
