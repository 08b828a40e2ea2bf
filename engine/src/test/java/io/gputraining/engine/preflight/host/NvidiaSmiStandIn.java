package io.gputraining.engine.preflight.host;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;

/**
 * Installs the replaying {@code nvidia-smi} stand-in (the only stand-in we allow: there is no GPU here or
 * on CI) with the real outputs of one captured host.
 */
public final class NvidiaSmiStandIn {

    public static final String H100 = Fixtures.H100;
    public static final String H200X2 = Fixtures.H200X2;

    private NvidiaSmiStandIn() {
    }

    /**
     * A directory holding the stand-in as {@code nvidia-smi} and, in {@code replay/}, the outputs of one captured
     * host to replay: the given GPU query and compute-apps outputs, and that host's XML report.
     */
    public static Path install(Path dir, String host, String queryGpu, String computeApps) throws IOException {
        Path bin = Files.createDirectories(dir.resolve("bin"));
        Path replay = Files.createDirectories(bin.resolve("replay"));
        Path script = bin.resolve("nvidia-smi");
        Files.writeString(script, Fixtures.resource("/preflight/host/nvidia-smi-replay.sh"));
        Files.setPosixFilePermissions(script, PosixFilePermissions.fromString("rwxr-xr-x"));
        for (List<String> copy : List.of(List.of(queryGpu, "query-gpu.csv"), List.of(computeApps, "compute-apps.csv"),
                List.of("nvidia-smi-q.xml", "nvidia-smi-q.xml"))) {
            Files.writeString(replay.resolve(copy.get(1)), Fixtures.gpu(host, copy.get(0)));
        }
        return bin;
    }
}
