package io.gputraining.engine.preflight;

import io.gputraining.engine.preflight.probe.AllReduceCheck;
import io.gputraining.engine.preflight.probe.AllReduceRank;
import io.gputraining.engine.preflight.probe.CheckStatus;
import io.gputraining.engine.preflight.probe.ImageProbeReport;
import java.util.List;
import java.util.Locale;
import java.util.stream.Collectors;

/**
 * {@code allreduce}: with two or more GPUs visible, an NCCL all-reduce across all of them gives every rank the
 * right sum, in time. Distributed training hangs or diverges when it does not.
 */
final class AllReduceRule implements VerdictRule {

    private static final String NCCL_DEBUG = "Run the training image with NCCL_DEBUG=INFO to see where NCCL stops;"
            + " give the container enough shared memory (--ipc=host or --shm-size=1g), and try NCCL_P2P_DISABLE=1 to"
            + " rule out GPU peer-to-peer (nvidia-smi topo -m shows the links).";

    @Override
    public PreflightCheck check() {
        return PreflightCheck.ALLREDUCE;
    }

    @Override
    public Verdict evaluate(VerdictInput input) {
        if (!input.cudaAvailable()) {
            return Verdict.skip(check(), "not run: CUDA is not available");
        }
        int visible = input.visibleGpus();
        if (visible < 2) {
            return Verdict.skip(check(), "not needed: " + VerdictText.plural(visible, "GPU", "GPUs") + " visible");
        }
        if (input.policy().skipAllReduce()) {
            return Verdict.skip(check(), "not run: skipped, as asked (skipAllReduce)");
        }
        AllReduceCheck allReduce = input.probe().map(ImageProbeReport::allReduce).orElse(null);
        if (allReduce == null || allReduce.status() == CheckStatus.SKIPPED) {
            String why = allReduce == null ? "the probe reported no all-reduce"
                    : VerdictText.oneLine(allReduce.error(), 120).replaceFirst("^not run: ", "");
            return Verdict.warn(check(), "NCCL all-reduce over " + visible + " GPUs not run: " + why,
                    "The probe did not run the all-reduce, so multi-GPU training is untested.",
                    "Run the check without skipping the all-reduce (skipAllReduce: false, or without --skip-allreduce).");
        }
        int world = allReduce.worldSize() == null ? visible : allReduce.worldSize();
        String over = "NCCL all-reduce over " + world + " GPUs";
        return switch (allReduce.status()) {
            case OK -> Verdict.pass(check(), over + " right" + bandwidth(allReduce));
            case TIMEOUT -> Verdict.fail(check(), over + " did not finish within "
                            + allReduce.timeoutSeconds() + " s",
                    VerdictText.quote(allReduce.error()) + ranks(allReduce) + ": NCCL hangs like this when ranks cannot"
                            + " reach each other's GPUs or shared memory.",
                    NCCL_DEBUG + " If the GPUs are merely busy, raise the probe's all-reduce timeout.");
            default -> failed(allReduce, over);
        };
    }

    private Verdict failed(AllReduceCheck allReduce, String over) {
        List<AllReduceRank> wrong = allReduce.ranks().stream()
                .filter(r -> r.maxAbsError() != null && r.maxAbsError() > 0).toList();
        if (!wrong.isEmpty()) {
            return Verdict.fail(check(), over + " gave a wrong sum",
                    "Rank(s) " + wrong.stream().map(r -> Integer.toString(r.rank())).collect(Collectors.joining(", "))
                            + " got a sum off by up to " + wrong.stream().mapToDouble(AllReduceRank::maxAbsError).max()
                            .orElse(0) + " from " + allReduce.expectedSum() + ": data is corrupted between GPUs.",
                    "Keep multi-GPU builds off this agent: check nvidia-smi topo -m and dmesg for Xid/NVLink errors,"
                            + " and run nccl-tests to confirm.");
        }
        String error = VerdictText.quote(allReduce.error()) + ranks(allReduce);
        String lower = error.toLowerCase(Locale.ROOT);
        String fix = lower.contains("shm") || lower.contains("shared memory") || lower.contains("no space left")
                ? "The container's /dev/shm is too small for NCCL: run it with --ipc=host or --shm-size=1g."
                : NCCL_DEBUG;
        return Verdict.fail(check(), VerdictText.oneLine(over + " failed: " + allReduce.error(), 200), error, fix);
    }

    private static String ranks(AllReduceCheck allReduce) {
        String failed = allReduce.ranks().stream().filter(r -> r.status() != CheckStatus.OK && r.error() != null)
                .map(r -> VerdictText.oneLine(r.error(), 120)).distinct().collect(Collectors.joining("; "));
        return failed.isEmpty() ? "" : " (" + failed + ")";
    }

    private static String bandwidth(AllReduceCheck allReduce) {
        if (allReduce.busBandwidthGBps() == null || allReduce.bytes() == null) {
            return "";
        }
        return String.format(Locale.ROOT, ", %.0f MiB per rank at %.1f GB/s bus bandwidth",
                allReduce.bytes() / (1024.0 * 1024.0), allReduce.busBandwidthGBps());
    }
}
