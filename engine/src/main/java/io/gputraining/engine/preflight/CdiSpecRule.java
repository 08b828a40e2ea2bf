package io.gputraining.engine.preflight;

import io.gputraining.engine.cdi.CdiErrors;
import io.gputraining.engine.cdi.CdiSpec;
import io.gputraining.engine.cdi.CdiSpecScan;
import io.gputraining.engine.runtime.GpuAccess;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * {@code cdi-spec}: where GPUs go to containers as CDI devices, a spec of their kind exists in the runtime's spec
 * directories, it lists every device asked for, no two specs of one directory define the same device, and it is
 * not older than the driver: a driver upgrade without regenerating the spec leaves it naming the old driver's
 * files, the classic failure of CDI hosts.
 */
final class CdiSpecRule implements VerdictRule {

    @Override
    public PreflightCheck check() {
        return PreflightCheck.CDI_SPEC;
    }

    @Override
    public Verdict evaluate(VerdictInput input) {
        RuntimeGpuSupport runtime = input.evidence().runtime();
        CdiEvidence cdi = runtime.cdi();
        if (!runtime.containerRuntime()) {
            return Verdict.skip(check(), "no container runtime: no CDI spec involved");
        }
        if (!input.gpusRequested()) {
            return Verdict.skip(check(), "no GPUs were asked for");
        }
        if (cdi.access().mode() != GpuAccess.Mode.CDI) {
            String why = cdi.support().note().isEmpty() ? "" : " (" + cdi.support().note() + ")";
            return Verdict.skip(check(), VerdictText.oneLine("GPUs go to containers as " + cdi.access().describe()
                    + ", not as CDI devices" + why, 200));
        }
        if (cdi.scan() == null) {
            return Verdict.skip(check(), VerdictText.oneLine("CDI specs not read: " + cdi.notRead(), 200));
        }
        String kind = cdi.kind().orElseThrow();
        CdiSpecScan scan = cdi.scan();
        String dirs = String.join(", ", scan.dirs());
        if (scan.specs().isEmpty()) {
            String unreadable = scan.unreadable().isEmpty() ? "" : "; files that could not be read: " + String.join("; ", scan.unreadable());
            return Verdict.fail(check(), "no CDI spec for " + kind + " in " + dirs,
                    "The runtime gives GPUs as CDI devices (" + String.join(", ", cdi.access().devices()) + ") and resolves them"
                            + " from a spec of kind " + kind + " in " + dirs + "; there is none" + VerdictText.oneLine(unreadable, 300) + ".",
                    generate(kind) + ".");
        }
        return missingDevices(kind, cdi, scan)
                .or(() -> conflicts(kind, scan))
                .or(() -> stale(kind, scan, input))
                .orElseGet(() -> passOrWarn(kind, cdi, scan));
    }

    private Optional<Verdict> missingDevices(String kind, CdiEvidence cdi, CdiSpecScan scan) {
        List<String> missing = new ArrayList<>();
        for (String device : cdi.access().devices()) {
            String name = device.substring(device.indexOf('=') + 1);
            if (!scan.devices().contains(name)) {
                missing.add(device);
            }
        }
        if (missing.isEmpty()) {
            return Optional.empty();
        }
        return Optional.of(Verdict.fail(check(), VerdictText.oneLine("the CDI spec does not list " + String.join(", ", missing), 200),
                "The specs of " + kind + " (" + files(scan.specs()) + ") define " + VerdictText.oneLine(String.join(", ", scan.devices()), 300)
                        + ": the runtime cannot resolve " + String.join(", ", missing) + ".",
                "Ask for GPUs the spec lists ('nvidia-ctk cdi list' shows them), or regenerate it so that it names every GPU"
                        + " by index and UUID (nvidia-ctk's default): " + generate(kind) + "."));
    }

    /** The same device in two specs of one directory: the CDI registry refuses both. */
    private Optional<Verdict> conflicts(String kind, CdiSpecScan scan) {
        Map<String, String> seen = new HashMap<>();
        for (CdiSpec spec : scan.specs()) {
            String dir = String.valueOf(Path.of(spec.file()).getParent());
            for (String device : spec.devices()) {
                String other = seen.putIfAbsent(dir + "|" + device, spec.file());
                if (other != null) {
                    return Optional.of(Verdict.fail(check(), VerdictText.oneLine(kind + "=" + device + " is defined by two specs: "
                            + other + " and " + spec.file(), 200),
                            "CDI refuses a device that two spec files of one directory define, so neither resolves.",
                            "Keep one spec per kind: remove the older file (" + other + " or " + spec.file() + "), then "
                                    + generate(kind) + " if in doubt."));
                }
            }
        }
        return Optional.empty();
    }

    private Optional<Verdict> stale(String kind, CdiSpecScan scan, VerdictInput input) {
        Optional<String> driver = input.host().map(h -> h.driverVersion().text());
        for (CdiSpec spec : scan.specs()) {
            List<String> causes = new ArrayList<>();
            if (spec.driverVersion() != null && driver.isPresent() && !driver.get().equals(spec.driverVersion())) {
                causes.add("it was generated for driver " + spec.driverVersion() + ", and the driver is now " + driver.get());
            }
            if (!spec.missingHostPaths().isEmpty()) {
                List<String> shown = spec.missingHostPaths().stream().limit(3).toList();
                int more = spec.missingHostPaths().size() - shown.size();
                causes.add("it names files this host no longer has: " + String.join(", ", shown) + (more > 0 ? " and " + more + " more" : ""));
            }
            if (!causes.isEmpty()) {
                return Optional.of(Verdict.fail(check(), VerdictText.oneLine("the CDI spec " + spec.file() + " is older than the driver", 200),
                        "The spec " + spec.file() + " is stale: " + String.join("; ", causes) + ". Containers would get the old"
                                + " driver's libraries, or none.",
                        generate(kind) + ", and again after every driver upgrade (a package hook or a boot-time unit that runs it)."));
            }
        }
        return Optional.empty();
    }

    private Verdict passOrWarn(String kind, CdiEvidence cdi, CdiSpecScan scan) {
        String summary = VerdictText.oneLine(kind + " spec " + files(scan.specs()) + driverOf(scan) + " lists "
                + String.join(", ", cdi.access().devices()), 200);
        if (!scan.unreadable().isEmpty()) {
            return Verdict.warn(check(), summary + "; other spec files are unreadable",
                    "The runtime reads every file in " + String.join(", ", scan.dirs()) + " and reports these: "
                            + VerdictText.quote(String.join("; ", scan.unreadable())) + ".",
                    "Fix or remove the unreadable files, so that no runtime stumbles over them.");
        }
        return Verdict.pass(check(), summary);
    }

    private static String driverOf(CdiSpecScan scan) {
        return scan.specs().stream().map(CdiSpec::driverVersion).filter(v -> v != null).findFirst().map(v -> " (driver " + v + ")").orElse("");
    }

    private static String files(List<CdiSpec> specs) {
        return String.join(", ", specs.stream().map(CdiSpec::file).toList());
    }

    /** The command that writes the spec: NVIDIA's for nvidia.com/gpu, the vendor's tool otherwise (no final full stop). */
    private static String generate(String kind) {
        return kind.equals("nvidia.com/gpu")
                ? "Generate NVIDIA's spec on the agent: '" + CdiErrors.GENERATE_NVIDIA_SPEC + "'"
                : "Write the spec for " + kind + " into /etc/cdi with its vendor's tool";
    }
}
