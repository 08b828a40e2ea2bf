package io.gputraining.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class EnvironmentEntriesTest {

    @Test
    void aBareNamePassesThisEnvironmentsValueAndNameValueItsOwn() {
        assertThat(EnvironmentEntries.parse(List.of("HF_TOKEN", "EPOCHS=2", "EQ=a=b", "EMPTY="), Map.of("HF_TOKEN", "s3cr3t")))
                .containsExactly(Map.entry("HF_TOKEN", "s3cr3t"), Map.entry("EPOCHS", "2"), Map.entry("EQ", "a=b"), Map.entry("EMPTY", ""));
    }

    @Test
    void aBareNameThatIsNotSetHereSaysHowToSetIt() {
        assertThatThrownBy(() -> EnvironmentEntries.parse(List.of("HF_TOKEN"), Map.of())).isInstanceOf(IllegalArgumentException.class)
                .hasMessage("-e HF_TOKEN passes the variable HF_TOKEN of this environment, but it is not set here: export it first,"
                        + " or give -e HF_TOKEN=VALUE.");
    }

    @Test
    void anEntryWithoutNameIsRefused() {
        assertThatThrownBy(() -> EnvironmentEntries.parse(List.of("=x"), Map.of())).hasMessageContaining("has no variable name");
    }
}
