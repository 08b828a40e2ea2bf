package io.gputraining.examples.steps;

import static org.assertj.core.api.Assertions.assertThat;

import io.gputraining.examples.ExampleProject;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/**
 * The bindings take exactly the parameters of the plugin's steps: read from the step classes' sources (the plugin
 * is built only where the Jenkins repository is reachable), their {@code @DataBoundConstructor} parameters and
 * {@code @DataBoundSetter}s. A parameter added to a step and not to its binding fails here.
 */
class StepParametersTest {

    private static final Path STEPS = ExampleProject.sourceRoot().resolve("plugin/src/main/java/io/jenkins/plugins/gputraining");

    @Test
    void gpuHealthCheckTakesTheStepsParameters() throws IOException {
        assertThat(GpuHealthCheckBinding.PARAMETERS).containsExactlyInAnyOrderElementsOf(parameters(STEPS.resolve("GpuHealthCheckStep.java")));
    }

    @Test
    void withPytorchCudaTakesTheStepsParameters() throws IOException {
        assertThat(WithPytorchCudaBinding.PARAMETERS)
                .containsExactlyInAnyOrderElementsOf(parameters(STEPS.resolve("container/WithPytorchCudaStep.java")));
    }

    @Test
    void trainAndRegisterTakesTheStepsParameters() throws IOException {
        assertThat(TrainAndRegisterBinding.PARAMETERS)
                .containsExactlyInAnyOrderElementsOf(parameters(STEPS.resolve("TrainAndRegisterStep.java")));
    }

    private static List<String> parameters(Path stepSource) throws IOException {
        String source = Files.readString(stepSource);
        List<String> names = new ArrayList<>();
        Matcher constructor = Pattern.compile("@DataBoundConstructor\\s+public \\w+\\(([^)]*)\\)").matcher(source);
        if (constructor.find() && !constructor.group(1).isBlank()) {
            for (String parameter : constructor.group(1).split(",")) {
                String[] words = parameter.strip().split("\\s+");
                names.add(words[words.length - 1]);
            }
        }
        Matcher setter = Pattern.compile("@DataBoundSetter\\s+public void set(\\w)(\\w*)\\(").matcher(source);
        while (setter.find()) {
            names.add(setter.group(1).toLowerCase(java.util.Locale.ROOT) + setter.group(2));
        }
        assertThat(names).as("parameters found in " + stepSource).isNotEmpty();
        return names;
    }
}
