package io.gputraining.reliability.aborts;

import java.util.List;

/**
 * What a registry holds of one trial's model, read back by the audit's own means.
 *
 * @param versions complete versions: every file there with the sha256 the version claims
 * @param problems what is wrong with the others (a half-registered version, a dangling tag or alias)
 */
record RegistryAudit(int versions, List<String> problems) {

    RegistryAudit {
        problems = List.copyOf(problems);
    }
}
