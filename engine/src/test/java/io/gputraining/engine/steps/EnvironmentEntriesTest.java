package io.gputraining.engine.steps;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.gputraining.engine.steps.EnvironmentEntries.Source;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** {@code -e NAME} and a step's {@code env: ['NAME']} read the same way: a bare name passes the caller's value. */
class EnvironmentEntriesTest {

    @Test
    void aBareNamePassesTheCallersValueAndNameValueItsOwn() {
        EnvironmentEntries parsed = EnvironmentEntries.parse(List.of("HF_TOKEN", "EPOCHS=2", "EQ=a=b", "EMPTY="),
                Map.of("HF_TOKEN", "s3cr3t"), Source.PROCESS);

        assertThat(parsed.variables()).containsExactly(Map.entry("HF_TOKEN", "s3cr3t"), Map.entry("EPOCHS", "2"),
                Map.entry("EQ", "a=b"), Map.entry("EMPTY", ""));
        assertThat(parsed.passedThrough()).isEqualTo(Set.of("HF_TOKEN"));
        assertThat(parsed.passedValues()).containsExactly("s3cr3t");
    }

    @Test
    void aLaterNameValueEntryOverridesAPassedValueWhichIsThenNoSecret() {
        EnvironmentEntries parsed = EnvironmentEntries.parse(List.of("TOKEN", "TOKEN=public"), Map.of("TOKEN", "s3cr3t"),
                Source.BUILD);

        assertThat(parsed.variables()).isEqualTo(Map.of("TOKEN", "public"));
        assertThat(parsed.passedValues()).isEmpty();
    }

    @Test
    void aBareNameTheProcessLacksSaysHowToSetIt() {
        assertThatThrownBy(() -> EnvironmentEntries.parse(List.of("HF_TOKEN"), Map.of(), Source.PROCESS))
                .isInstanceOf(InvalidStepSettingsException.class)
                .hasMessage("-e HF_TOKEN passes the variable HF_TOKEN of this environment, but it is not set here: export it first,"
                        + " or give -e HF_TOKEN=VALUE.");
    }

    @Test
    void aBareNameTheBuildLacksNamesWithCredentials() {
        assertThatThrownBy(() -> EnvironmentEntries.parse(List.of("HF_TOKEN"), Map.of(), Source.BUILD))
                .isInstanceOf(InvalidStepSettingsException.class)
                .hasMessageContaining("env entry 'HF_TOKEN' passes the build's variable HF_TOKEN, but the build has none")
                .hasMessageContaining("withCredentials").hasMessageContaining("'HF_TOKEN=VALUE'");
    }

    @Test
    void anEntryWithoutNameIsRefused() {
        assertThatThrownBy(() -> EnvironmentEntries.parse(List.of("=x"), Map.of(), Source.PROCESS)).hasMessageContaining("has no variable name");
        assertThatThrownBy(() -> EnvironmentEntries.parse(List.of("  "), Map.of(), Source.BUILD)).hasMessageContaining("has no variable name");
    }
}
