package io.gputraining.engine.preflight;

import java.util.ArrayList;
import java.util.List;

/**
 * Judges a preflight's evidence under a policy: one rule per {@link PreflightCheck}, in that order. Stateless
 * and thread-safe; {@link #standard()} is the set every preflight uses.
 */
public final class VerdictRules {

    private final List<VerdictRule> rules;

    VerdictRules(List<VerdictRule> rules) {
        this.rules = List.copyOf(rules);
    }

    /** One rule for each check of {@link PreflightCheck}, in its order. */
    public static VerdictRules standard() {
        return new VerdictRules(List.of(new HostDriverRule(), new CdiSpecRule(), new RuntimeGpusRule(), new ProbeRule(),
                new TorchImportRule(), new CudaAvailableRule(), new DriverCompatRule(), new ArchSupportedRule(),
                new GpuCountRule(), new MigRule(), new FreeMemoryRule(), new TemperatureRule(), new EccRule(),
                new IdleRule(), new MatmulRule(), new AllReduceRule()));
    }

    /** The verdict of every check, in {@link PreflightCheck} order. */
    public List<Verdict> evaluate(PreflightPolicy policy, PreflightEvidence evidence) {
        return evaluate(VerdictInput.of(policy, evidence));
    }

    /**
     * The whole report: verdicts, overall, and the summary a pipeline and the build page show.
     *
     * @param keepEvidence whether the report carries the raw evidence too (for the JSON artifact); the Pipeline
     *                     view ({@link PreflightReport#toMap()}) never shows it
     */
    public PreflightReport report(PreflightPolicy policy, PreflightEvidence evidence, boolean keepEvidence) {
        VerdictInput input = VerdictInput.of(policy, evidence);
        return PreflightReport.assemble(input, evaluate(input), keepEvidence);
    }

    private List<Verdict> evaluate(VerdictInput input) {
        List<Verdict> verdicts = new ArrayList<>(rules.size());
        for (VerdictRule rule : rules) {
            verdicts.add(evaluateOne(rule, input));
        }
        return List.copyOf(verdicts);
    }

    /**
     * A rule that breaks on evidence it did not expect must not cost the user the other verdicts: its check fails
     * with what broke, so the report still says everything else.
     */
    private static Verdict evaluateOne(VerdictRule rule, VerdictInput input) {
        try {
            return rule.evaluate(input);
        } catch (RuntimeException e) {
            return Verdict.fail(rule.check(), "the preflight could not judge this check",
                    "Evaluating " + rule.check().id() + " failed: " + VerdictText.quote(String.valueOf(e)),
                    "Report this as a bug of the gpu-training plugin, with the preflight JSON of this build.");
        }
    }
}
