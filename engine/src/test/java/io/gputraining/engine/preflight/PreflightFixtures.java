package io.gputraining.engine.preflight;

import io.gputraining.engine.preflight.host.HostGpuInventory;
import io.gputraining.engine.preflight.host.HostGpuInventoryParser;
import io.gputraining.engine.preflight.probe.ImageProbeReport;
import io.gputraining.engine.preflight.probe.ProbeReportParser;
import io.gputraining.engine.runtime.GpuRequest;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.function.UnaryOperator;

/**
 * Evidence built from the real captures under {@code fixtures/gpu/} (nvidia-smi on an H100 and a 2xH200 host,
 * driver 580.159.04) and {@code fixtures/probe/} (gpu_probe.py on those machines and on the CPU test image).
 * Where a test needs a state no capture shows (an older driver, an ECC error), it edits the real text with a
 * visible {@code replace} and says so.
 */
final class PreflightFixtures {

    static final String H100 = "h100-driver-580";
    static final String H200X2 = "h200x2-driver-580";
    static final String IMAGE = "pytorch/pytorch:2.11.0-cuda13.0-cudnn9-runtime";
    /** An example digest: reports carry it through, nothing checks it against a registry. */
    static final String DIGEST = "sha256:" + "0123456789abcdef".repeat(4);

    private PreflightFixtures() {
    }

    static String resource(String path) {
        try (InputStream in = PreflightFixtures.class.getResourceAsStream(path)) {
            if (in == null) {
                throw new IllegalArgumentException("no test resource " + path);
            }
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static HostGpuInventory idleHost(String machine) {
        return host(machine, false, UnaryOperator.identity(), UnaryOperator.identity());
    }

    static HostGpuInventory busyHost(String machine) {
        return host(machine, true, UnaryOperator.identity(), UnaryOperator.identity());
    }

    /** The real capture of {@code machine}, its GPU query and XML report passed through the given edits. */
    static HostGpuInventory host(String machine, boolean busy, UnaryOperator<String> queryEdit,
                                 UnaryOperator<String> xmlEdit) {
        String dir = "/fixtures/gpu/" + machine + "/";
        return HostGpuInventoryParser.parse(queryEdit.apply(resource(dir + (busy ? "query-gpu-busy.csv" : "query-gpu.csv"))),
                resource(dir + (busy ? "compute-apps-busy.csv" : "compute-apps-idle.csv")),
                xmlEdit.apply(resource(dir + "nvidia-smi-q.xml")));
    }

    static ImageProbeReport probe(String name) {
        return probe(name, UnaryOperator.identity());
    }

    /** The real probe report {@code name}, its JSON text passed through {@code edit}. */
    static ImageProbeReport probe(String name, UnaryOperator<String> edit) {
        return new ProbeReportParser().parse(edit.apply(resource("/fixtures/probe/" + name)));
    }

    /** Evidence of a Docker preflight: host read, daemon gave the GPUs, probe reported. */
    static PreflightEvidence evidence(HostGpuInventory host, ImageProbeReport probe, GpuRequest request) {
        return new PreflightEvidence(IMAGE + "@" + DIGEST, DIGEST, request, HostGpuEvidence.read(host),
                dockerWithNvidia(), ImageProbeEvidence.reported(probe), new PreflightTimings(412, 1180, 5760, 7420));
    }

    static PreflightEvidence evidence(HostGpuEvidence host, RuntimeGpuSupport runtime, ImageProbeEvidence image,
                                      GpuRequest request) {
        return new PreflightEvidence(IMAGE + "@" + DIGEST, DIGEST, request, host, runtime, image,
                new PreflightTimings(412, 1180, 5760, 7420));
    }

    static RuntimeGpuSupport dockerWithNvidia() {
        return RuntimeGpuSupport.daemon("Docker 27.3.1", List.of("io.containerd.runc.v2", "nvidia", "runc"), null);
    }

    /** The H100 machine as captured: idle host, torch 2.11.0+cu130 seeing its one GPU. */
    static PreflightEvidence h100() {
        return evidence(idleHost(H100), probe("h100.json"), GpuRequest.all());
    }

    /** The 2xH200 machine as captured: idle host, both GPUs in torch, all-reduce right. */
    static PreflightEvidence h200x2() {
        return evidence(idleHost(H200X2), probe("h200x2.json"), GpuRequest.all());
    }

    static Verdict verdict(PreflightCheck check, PreflightPolicy policy, PreflightEvidence evidence) {
        return VerdictRules.standard().evaluate(policy, evidence).get(check.ordinal());
    }

    static Verdict verdict(PreflightCheck check, PreflightEvidence evidence) {
        return verdict(check, PreflightPolicy.defaults(), evidence);
    }
}
