package io.gputraining.engine.preflight;

import io.gputraining.engine.preflight.probe.ImageProbeReport;
import io.gputraining.engine.preflight.probe.TorchProbe;
import java.util.Optional;

/** {@code torch-import}: {@code import torch} works in the image, and which torch it is. */
final class TorchImportRule implements VerdictRule {

    @Override
    public PreflightCheck check() {
        return PreflightCheck.TORCH_IMPORT;
    }

    @Override
    public Verdict evaluate(VerdictInput input) {
        Optional<ImageProbeReport> report = input.probe();
        if (report.isEmpty()) {
            return Verdict.skip(check(), "no probe report (see probe)");
        }
        TorchProbe torch = report.get().torch();
        if (torch == null) {
            return Verdict.skip(check(), "the probe reported nothing about torch");
        }
        String python = report.get().python() == null ? "the image's Python" : report.get().python().executable();
        return switch (torch.status()) {
            case OK -> Verdict.pass(check(), VerdictText.oneLine(versions(torch), 200));
            case MISSING -> Verdict.fail(check(), "torch is not installed in the image",
                    VerdictText.quote(torch.error()),
                    "Use an image with PyTorch (e.g. pytorch/pytorch:<version>-cuda<x.y>-cudnn<n>-runtime), or install"
                            + " it for " + python + " in the Dockerfile (pip install torch --index-url"
                            + " https://download.pytorch.org/whl/cu<xyz>).");
            case FAILED -> Verdict.fail(check(), "'import torch' fails in the image",
                    VerdictText.quote(torch.error()),
                    "torch is installed but broken: a missing shared library or a torch built for another Python."
                            + " Rebuild the image with a torch wheel matching " + python + " and its CUDA libraries.");
            case TIMEOUT -> Verdict.fail(check(), "'import torch' did not finish within "
                            + seconds(torch.timeoutSeconds()) + " and was killed",
                    VerdictText.quote(torch.error()),
                    "A slow or hung import: check the agent's disk and load (a torch install on a network file"
                            + " system is slow), or raise the probe's import timeout.");
            case SKIPPED -> Verdict.skip(check(), "not run: " + VerdictText.oneLine(torch.error(), 150));
            case UNKNOWN -> Verdict.fail(check(), "the probe reported no known status for 'import torch'",
                    "The probe's report and this engine disagree on its format: " + VerdictText.quote(torch.error()),
                    "Use the probe shipped with this engine; report it as a bug with the preflight JSON if it repeats.");
        };
    }

    private static String versions(TorchProbe torch) {
        StringBuilder s = new StringBuilder("torch ").append(torch.version());
        s.append(torch.cuda() == null ? " (CPU build" : " (CUDA " + torch.cuda());
        if (torch.hip() != null) {
            s.append(", ROCm ").append(torch.hip());
        }
        if (torch.cudnn() != null) {
            s.append(", cuDNN ").append(torch.cudnn());
        }
        if (torch.nccl() != null) {
            s.append(", NCCL ").append(torch.nccl());
        }
        s.append(')');
        if (torch.elapsedMs() != null) {
            s.append(", imported in ").append(VerdictText.millis(torch.elapsedMs()));
        }
        return s.toString();
    }

    private static String seconds(Double value) {
        return value == null ? "its deadline" : VerdictText.millis(value * 1000);
    }
}
