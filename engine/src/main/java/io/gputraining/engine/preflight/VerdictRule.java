package io.gputraining.engine.preflight;

/** Judges one check: reads the evidence under the policy and says PASS, WARN, FAIL or SKIP, and why. */
interface VerdictRule {

    /** The check this rule judges. */
    PreflightCheck check();

    /** The verdict; never null. A rule whose evidence is missing skips and says which evidence. */
    Verdict evaluate(VerdictInput input);
}
