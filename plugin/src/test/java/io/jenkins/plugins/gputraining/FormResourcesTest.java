package io.jenkins.plugins.gputraining;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertNotNull;
import static org.junit.Assert.assertTrue;

import io.jenkins.plugins.gputraining.container.PytorchCudaAgent;
import io.jenkins.plugins.gputraining.container.PytorchCudaBuildWrapper;
import io.jenkins.plugins.gputraining.container.WithPytorchCudaStep;
import java.io.IOException;
import java.io.InputStream;
import java.lang.reflect.Constructor;
import java.lang.reflect.Field;
import java.lang.reflect.Method;
import java.net.URL;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.Test;
import org.kohsuke.stapler.ClassDescriptor;
import org.kohsuke.stapler.DataBoundConstructor;
import org.kohsuke.stapler.DataBoundSetter;

/**
 * Every data-bound field of every step, builder, wrapper and configuration has its help text and its form
 * entry, and no help text is left for a field that is gone. Reads the resources next to the classes.
 */
public class FormResourcesTest {

    private static final List<Class<?>> FORMS = List.of(GpuHealthCheckStep.class, GpuHealthCheckBuilder.class,
            TrainAndRegisterStep.class, TrainAndRegisterBuilder.class, WithPytorchCudaStep.class,
            PytorchCudaBuildWrapper.class, PytorchCudaAgent.class, ModelRegistryEntry.class, GpuTrainingConfiguration.class);

    /** Fields without a form entry on purpose, and why; their help text says so. */
    static final Map<String, String> PIPELINE_ONLY = Map.of();

    /** The names data binding knows: the {@code @DataBoundConstructor}'s parameters and the setters. */
    static List<String> dataBoundFields(Class<?> type) {
        List<String> names = new ArrayList<>();
        for (Constructor<?> c : type.getConstructors()) {
            if (c.isAnnotationPresent(DataBoundConstructor.class)) {
                names.addAll(Arrays.asList(ClassDescriptor.loadParameterNames(c)));
            }
        }
        for (Method m : type.getMethods()) {
            if (m.isAnnotationPresent(DataBoundSetter.class) && m.getName().startsWith("set")) {
                names.add(Character.toLowerCase(m.getName().charAt(3)) + m.getName().substring(4));
            }
        }
        for (Field f : type.getDeclaredFields()) {
            if (f.isAnnotationPresent(DataBoundSetter.class)) {
                names.add(f.getName());
            }
        }
        return names;
    }

    private static String resource(Class<?> type, String name) throws IOException {
        try (InputStream in = type.getResourceAsStream(type.getSimpleName() + "/" + name)) {
            return in == null ? null : new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
    }

    @Test
    public void everyFieldHasAHelpTextThatSaysSomething() throws Exception {
        List<String> missing = new ArrayList<>();
        for (Class<?> type : FORMS) {
            for (String field : dataBoundFields(type)) {
                String help = resource(type, "help-" + field + ".html");
                if (help == null || help.replaceAll("<[^>]*>", "").isBlank()) {
                    missing.add(type.getSimpleName() + "/help-" + field + ".html");
                }
            }
        }
        assertEquals("help texts missing or empty", List.of(), missing);
    }

    @Test
    public void everyFieldHasAFormEntryUnlessItIsPipelineOnly() throws Exception {
        List<String> missing = new ArrayList<>();
        for (Class<?> type : FORMS) {
            String config = resource(type, "config.jelly");
            assertNotNull(type.getSimpleName() + "/config.jelly", config);
            for (String field : dataBoundFields(type)) {
                String key = type.getSimpleName() + "." + field;
                boolean inForm = config.contains("field=\"" + field + "\"");
                if (PIPELINE_ONLY.containsKey(key)) {
                    assertFalse(key + " is listed as Pipeline-only but the form has it now; take it off the list", inForm);
                } else if (!inForm) {
                    missing.add(key);
                }
            }
        }
        assertEquals("fields without a form entry", List.of(), missing);
    }

    @Test
    public void pipelineOnlyFieldsExistAndTheirHelpSaysSo() throws Exception {
        for (String key : PIPELINE_ONLY.keySet()) {
            Class<?> type = FORMS.stream().filter(c -> key.startsWith(c.getSimpleName() + ".")).findFirst().orElseThrow();
            String field = key.substring(type.getSimpleName().length() + 1);
            assertTrue(key + " is no data-bound field any more", dataBoundFields(type).contains(field));
            assertTrue(key + "'s help says it is Pipeline only", resource(type, "help-" + field + ".html").contains("Pipeline only"));
        }
    }

    @Test
    public void noHelpTextIsLeftForAFieldThatIsGone() throws Exception {
        List<String> stray = new ArrayList<>();
        for (Class<?> type : FORMS) {
            URL dir = type.getResource(type.getSimpleName());
            assertNotNull(type.getSimpleName() + "'s resources", dir);
            // the resources are a directory when the tests run from the build's classes
            TreeSet<String> fields = new TreeSet<>(dataBoundFields(type));
            try (Stream<Path> files = Files.list(Path.of(dir.toURI()))) {
                files.map(p -> p.getFileName().toString())
                        .filter(n -> n.startsWith("help-") && n.endsWith(".html"))
                        .filter(n -> !fields.contains(n.substring("help-".length(), n.length() - ".html".length())))
                        .forEach(n -> stray.add(type.getSimpleName() + "/" + n));
            }
        }
        assertEquals("help texts of no field", List.of(), stray);
    }

    /** Stapler reads {@code ${%Text (x)}} as the text {@code Text} with the expression {@code x} as argument. */
    @Test
    public void noLocalizedTextHasParenthesesWhichJellyWouldReadAsArguments() throws Exception {
        List<String> bad = new ArrayList<>();
        for (Class<?> type : FORMS) {
            String config = resource(type, "config.jelly");
            Matcher m = Pattern.compile("\\$\\{%[^}]*\\(").matcher(config);
            while (m.find()) {
                bad.add(type.getSimpleName() + "/config.jelly: " + m.group());
            }
        }
        assertEquals("localized texts with parentheses", List.of(), bad);
    }

    /**
     * The generated {@code Messages} format every text with {@link java.text.MessageFormat}, which drops a lone
     * apostrophe ("the block's container" became "the blocks container") and reads {@code '{0}'} as a literal.
     */
    @Test
    public void everyApostropheInMessagesIsDoubledForMessageFormat() throws Exception {
        List<String> bad = new ArrayList<>();
        for (Class<?> anchor : List.of(GpuHealthCheckStep.class, WithPytorchCudaStep.class)) {
            String messages;
            try (InputStream in = anchor.getResourceAsStream("Messages.properties")) {
                messages = new String(in.readAllBytes(), StandardCharsets.UTF_8);
            }
            for (String line : messages.split("\n")) {
                if (!line.startsWith("#") && line.contains("=") && Pattern.compile("(?<!')'(?!')").matcher(line).find()) {
                    bad.add(line);
                }
            }
        }
        assertEquals("messages with a lone apostrophe", List.of(), bad);
    }
}
