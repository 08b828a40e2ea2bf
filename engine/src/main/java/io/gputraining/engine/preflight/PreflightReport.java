package io.gputraining.engine.preflight;

import io.gputraining.engine.preflight.host.HostGpuInventory;
import io.gputraining.engine.preflight.probe.CudaProbe;
import io.gputraining.engine.preflight.probe.TorchProbe;
import java.io.Serializable;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * What a preflight concluded: every verdict, the overall result, and the facts a pipeline and the build page
 * show, in plain types (String, numbers, List) so the Jenkins layer can hand them to Pipeline scripts
 * ({@link #toMap()}). Written as JSON by {@link PreflightReportJson}; its fields are documented in
 * {@code docs/preflight.md}. Facts that were not found are null.
 *
 * @param schemaVersion   {@link #SCHEMA_VERSION}
 * @param overall         FAIL if any verdict failed, else WARN if any warned, else PASS
 * @param verdicts        one per check, in {@link PreflightCheck} order
 * @param imageReference  the image, as pinned; null for the local runtime
 * @param imageDigest     its digest ({@code sha256:…}); null when unknown
 * @param driverVersion   the agent's NVIDIA driver, e.g. {@code 580.159.04}
 * @param hostCudaVersion the newest CUDA the driver supports, e.g. {@code 13.0}
 * @param torchVersion    torch in the image, e.g. {@code 2.11.0+cu130}
 * @param torchCuda       the CUDA torch was built with ({@code torch.version.cuda}); null for a CPU build
 * @param cudnnVersion    cuDNN as torch loads it, e.g. {@code 9.19.0}
 * @param ncclVersion     NCCL as torch loads it, e.g. {@code 2.28.9}
 * @param gpus            the GPUs the build got (host view), or those torch saw when the host was not read
 * @param timings         how long each layer took
 * @param evidence        the raw evidence, when kept ({@link #evidenceIfKept()}); null otherwise
 */
public record PreflightReport(int schemaVersion, Verdict.Level overall, List<Verdict> verdicts,
                              String imageReference, String imageDigest, String driverVersion, String hostCudaVersion,
                              String torchVersion, String torchCuda, String cudnnVersion, String ncclVersion,
                              List<GpuSummary> gpus, PreflightTimings timings, PreflightEvidence evidence)
        implements Serializable {

    /** The layout of this report and its JSON; a change of meaning of any field raises it. */
    public static final int SCHEMA_VERSION = 1;

    public PreflightReport {
        verdicts = List.copyOf(verdicts);
        gpus = List.copyOf(gpus);
        Objects.requireNonNull(timings, "timings");
        if (schemaVersion != SCHEMA_VERSION) {
            throw new IllegalArgumentException("this engine writes preflight reports of schema version "
                    + SCHEMA_VERSION + ", not " + schemaVersion);
        }
        if (overall != Verdict.Level.overall(verdicts)) {
            throw new IllegalArgumentException("overall " + overall + " does not follow from the verdicts, which give "
                    + Verdict.Level.overall(verdicts));
        }
    }

    static PreflightReport assemble(VerdictInput input, List<Verdict> verdicts, boolean keepEvidence) {
        PreflightEvidence evidence = input.evidence();
        Optional<HostGpuInventory> host = input.host();
        Optional<TorchProbe> torch = input.importedTorch();
        List<GpuSummary> gpus = !input.scope().isEmpty()
                ? input.scope().gpus().stream().map(GpuSummary::of).toList()
                : input.devices().stream().map(GpuSummary::of).toList();
        String hostCuda = host.flatMap(HostGpuInventory::cudaDriverVersion).map(Object::toString)
                .or(() -> input.probe().map(r -> r.cuda()).map(CudaProbe::driverCudaVersion))
                .orElse(null);
        return new PreflightReport(SCHEMA_VERSION, Verdict.Level.overall(verdicts), verdicts,
                evidence.imageReference(), evidence.imageDigest(),
                host.map(h -> h.driverVersion().text()).orElse(null), hostCuda,
                torch.map(TorchProbe::version).orElse(null), torch.map(TorchProbe::cuda).orElse(null),
                torch.map(TorchProbe::cudnn).orElse(null), torch.map(TorchProbe::nccl).orElse(null),
                gpus, evidence.timings(), keepEvidence ? evidence : null);
    }

    /** The verdicts that failed, in check order; empty when none did. */
    public List<Verdict> failed() {
        return verdicts.stream().filter(v -> v.level() == Verdict.Level.FAIL).toList();
    }

    /** The verdicts that warned, in check order; empty when none did. */
    public List<Verdict> warnings() {
        return verdicts.stream().filter(v -> v.level() == Verdict.Level.WARN).toList();
    }

    /** Whether the build may go on: nothing failed (warnings allowed). */
    public boolean passed() {
        return overall != Verdict.Level.FAIL;
    }

    /** The verdict of a check by its id, e.g. {@code cuda-available}. */
    public Optional<Verdict> verdict(String check) {
        return verdicts.stream().filter(v -> v.check().equals(check)).findFirst();
    }

    public Optional<PreflightEvidence> evidenceIfKept() {
        return Optional.ofNullable(evidence);
    }

    /** This report without its raw evidence: what to keep in a build's memory. */
    public PreflightReport withoutEvidence() {
        return new PreflightReport(schemaVersion, overall, verdicts, imageReference, imageDigest, driverVersion,
                hostCudaVersion, torchVersion, torchCuda, cudnnVersion, ncclVersion, gpus, timings, null);
    }

    /**
     * The report as nested {@code Map}s (insertion-ordered {@code LinkedHashMap}), {@code List}s
     * ({@code ArrayList}), {@code String}s and {@code Number}s ({@code Integer}, {@code Long}), with null for what
     * is not known: what a Jenkins step returns to a Pipeline script. A fresh copy on every call. The raw evidence
     * is left out; the keys are those of the JSON.
     */
    public Map<String, Object> toMap() {
        return PreflightReportMap.of(this);
    }
}
