package io.gputraining.engine.preflight;

import io.gputraining.engine.preflight.probe.CheckStatus;
import io.gputraining.engine.preflight.probe.DeviceProbe;
import io.gputraining.engine.preflight.probe.ImageProbeReport;
import io.gputraining.engine.preflight.probe.MatmulCheck;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.stream.Collectors;

/**
 * {@code matmul}: each GPU computes a seeded fp32 matmul right (against an fp64 CPU reference) and in time; on
 * the CPU instead when CPU training is allowed and CUDA is unavailable. A GPU that computes garbage trains garbage.
 */
final class MatmulRule implements VerdictRule {

    @Override
    public PreflightCheck check() {
        return PreflightCheck.MATMUL;
    }

    @Override
    public Verdict evaluate(VerdictInput input) {
        if (input.importedTorch().isEmpty()) {
            return Verdict.skip(check(), "not run: torch was not imported (see torch-import)");
        }
        if (!input.cudaAvailable()) {
            return onCpu(input);
        }
        List<String> problems = new ArrayList<>();
        List<MatmulCheck> right = new ArrayList<>();
        String fix = "The GPU or its driver computes wrong results: drain the agent, look for Xid errors in dmesg and"
                + " at nvidia-smi -q -d ECC, and reset or service the GPU.";
        for (DeviceProbe device : input.devices()) {
            MatmulCheck matmul = device.matmul();
            String gpu = "GPU " + device.index();
            if (device.status() != CheckStatus.OK) {
                problems.add(gpu + ": the device query failed: " + VerdictText.oneLine(device.error(), 150));
            } else if (matmul == null || matmul.status() == CheckStatus.SKIPPED) {
                problems.add(gpu + ": not run" + (matmul == null ? "" : ": " + VerdictText.oneLine(matmul.error(), 100)));
            } else if (matmul.status() == CheckStatus.OK) {
                right.add(matmul);
            } else if (matmul.status() == CheckStatus.TIMEOUT) {
                problems.add(gpu + ": did not finish within " + matmul.timeoutSeconds() + " s");
                fix = "A matmul that does not finish means a hung or overloaded GPU: check nvidia-smi for other work"
                        + " and dmesg for Xid errors; raise the probe's matmul timeout if the GPU is merely shared.";
            } else if (wrong(matmul)) {
                problems.add(gpu + ": wrong result, relative error " + VerdictText.small(matmul.relativeError())
                        + " > tolerance " + VerdictText.small(matmul.tolerance()));
            } else {
                problems.add(gpu + ": " + VerdictText.oneLine(matmul.error(), 200));
            }
        }
        if (problems.isEmpty() && right.isEmpty()) {
            return Verdict.skip(check(), "no device reported a matmul");
        }
        if (!problems.isEmpty()) {
            String cause = String.join("; ", problems);
            return Verdict.problem(check(), input.policy().matmulRequired(),
                    "the fp32 matmul check failed on " + problems.size() + " of "
                            + VerdictText.plural(input.devices().size(), "GPU", "GPUs"),
                    VerdictText.quote(cause), fix + (input.policy().matmulRequired() ? ""
                            : " (matmulRequired is false: the build goes on.)"));
        }
        return Verdict.pass(check(), VerdictText.oneLine("right on " + VerdictText.plural(right.size(), "GPU", "GPUs")
                + ": " + describe(right), 200));
    }

    private Verdict onCpu(VerdictInput input) {
        MatmulCheck cpu = input.probe().map(ImageProbeReport::cpuMatmul).orElse(null);
        if (!input.policy().allowCpuFallback()) {
            String ran = cpu != null && cpu.status() == CheckStatus.OK ? "; the CPU matmul was right: "
                    + describe(List.of(cpu)) : "";
            return Verdict.skip(check(), VerdictText.oneLine("no GPU matmul: CUDA is not available (see"
                    + " cuda-available)" + ran, 200));
        }
        if (cpu == null || cpu.status() == CheckStatus.SKIPPED) {
            return Verdict.skip(check(), "no matmul ran on the CPU either");
        }
        if (cpu.status() == CheckStatus.OK) {
            return Verdict.pass(check(), VerdictText.oneLine("right on the CPU (CPU training allowed): "
                    + describe(List.of(cpu)), 200));
        }
        String what = cpu.status() == CheckStatus.TIMEOUT ? "did not finish within " + cpu.timeoutSeconds() + " s"
                : wrong(cpu) ? "wrong result, relative error " + VerdictText.small(cpu.relativeError())
                        + " > tolerance " + VerdictText.small(cpu.tolerance())
                : VerdictText.oneLine(cpu.error(), 150);
        return Verdict.problem(check(), input.policy().matmulRequired(), "the fp32 matmul on the CPU: " + what,
                "The CPU matmul " + what + ": the image's torch cannot train on this CPU either.",
                "Check the image's torch and its BLAS libraries (python3 -c 'import torch; print(torch.__config__"
                        + ".show())'), and the agent's load.");
    }

    private static boolean wrong(MatmulCheck matmul) {
        return matmul.relativeError() != null && matmul.tolerance() != null && matmul.relativeError() > matmul.tolerance();
    }

    private static String describe(List<MatmulCheck> runs) {
        MatmulCheck first = runs.get(0);
        double worst = runs.stream().map(MatmulCheck::relativeError).filter(Objects::nonNull)
                .mapToDouble(Double::doubleValue).max().orElse(Double.NaN);
        String speed = runs.stream().map(MatmulCheck::gflops).filter(Objects::nonNull)
                .map(VerdictText::flops).collect(Collectors.joining(", "));
        boolean tf32 = runs.stream().anyMatch(r -> Boolean.TRUE.equals(r.tf32()));
        return first.size() + "x" + first.size() + " " + first.dtype()
                + (Double.isNaN(worst) ? "" : ", relative error <= " + VerdictText.small(worst))
                + (first.tolerance() == null ? "" : " (tolerance " + VerdictText.small(first.tolerance()) + ")")
                + (speed.isEmpty() ? "" : ", " + speed)
                + (tf32 ? ", TF32 on (TORCH_ALLOW_TF32_CUBLAS_OVERRIDE)" : "");
    }
}
