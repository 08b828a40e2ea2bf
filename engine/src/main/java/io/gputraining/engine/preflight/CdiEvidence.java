package io.gputraining.engine.preflight;

import io.gputraining.engine.cdi.CdiSpecScan;
import io.gputraining.engine.runtime.CdiSupport;
import io.gputraining.engine.runtime.GpuAccess;
import java.io.Serializable;
import java.util.Objects;
import java.util.Optional;

/**
 * How the runtime gives GPUs, and when it does so through CDI, the specs it would resolve them from as found on
 * this host.
 *
 * @param access  how the GPUs asked for go to the container
 * @param support whether the runtime resolves CDI, and where its specs are
 * @param scan    the specs of the devices' kind in the runtime's spec directories; null when not read
 * @param notRead why they were not read; null when they were
 */
public record CdiEvidence(GpuAccess access, CdiSupport support, CdiSpecScan scan, String notRead) implements Serializable {

    public CdiEvidence {
        Objects.requireNonNull(access, "access");
        Objects.requireNonNull(support, "support");
    }

    /** Reads the specs this host has for {@code access}'s device kind, when GPUs go as CDI devices and the specs are here. */
    public static CdiEvidence gather(GpuAccess access, CdiSupport support) {
        if (access.mode() != GpuAccess.Mode.CDI) {
            return new CdiEvidence(access, support, null, "GPUs do not go as CDI devices (" + access.mode().id() + ")");
        }
        if (!support.specsOnThisHost()) {
            return new CdiEvidence(access, support, null, "the daemon is not on this host: it resolves devices from its own specs");
        }
        return new CdiEvidence(access, support, CdiSpecScan.readHere(support.specDirs(), kindOf(access)), null);
    }

    /** No CDI: the local runtime, or an evidence document from before CDI was checked. */
    public static CdiEvidence notApplicable(GpuAccess access, String why) {
        return new CdiEvidence(access, CdiSupport.none(why), null, why);
    }

    /** The kind of the devices asked for ({@code nvidia.com/gpu}), or empty when none are CDI devices. */
    public Optional<String> kind() {
        return access.mode() == GpuAccess.Mode.CDI && !access.devices().isEmpty() ? Optional.of(kindOf(access)) : Optional.empty();
    }

    public Optional<CdiSpecScan> scanIfRead() {
        return Optional.ofNullable(scan);
    }

    private static String kindOf(GpuAccess access) {
        String first = access.devices().get(0);
        int eq = first.indexOf('=');
        return eq < 0 ? first : first.substring(0, eq);
    }
}
