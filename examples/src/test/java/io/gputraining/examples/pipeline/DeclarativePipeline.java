package io.gputraining.examples.pipeline;

import groovy.lang.Closure;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The {@code pipeline { }} step: reads the declarative sections, then runs them as Jenkins does — parameters'
 * defaults for what the build was not given, the agent with the implicit "Declarative: Checkout SCM", the
 * {@code environment}, the stages in order (a stage's {@code when} may skip it; after a failure the rest are
 * skipped) under the {@code timeout} option, and the {@code post} conditions that match the result.
 * Supported: what the examples need — {@code agent { label }}, {@code options { timeout; buildDiscarder }},
 * {@code parameters { string; booleanParam }}, {@code environment}, {@code stage { when { branch; expression };
 * steps }}, {@code post { always; success; unstable; failure; cleanup }}. Anything else fails by name.
 */
final class DeclarativePipeline {

    private DeclarativePipeline() {
    }

    static Object run(StepCall call, Build build) throws Exception {
        PipelineSections sections = new PipelineSections();
        DelegateCalls.run(call.requireBody(), sections);
        sections.parameterDefaults.forEach(build.params()::putIfAbsent);
        build.onNode(sections.agentLabel, () -> {
            try {
                if (build.scm() != null) {
                    build.log().message("[Pipeline] { (Declarative: Checkout SCM)");
                    Checkout.run(build.scm(), build);
                }
                if (sections.environment != null) {
                    DelegateCalls.run(sections.environment, new EnvironmentSection(build.env()));
                }
                if (sections.timeout == null) {
                    runStages(sections.stages, build);
                } else {
                    Timeouts.run(sections.timeout, build, () -> runStages(sections.stages, build));
                }
            } catch (Exception e) {
                build.failed(e);
            }
            runPost(sections.post, build);
            return null;
        });
        return null;
    }

    private static Object runStages(List<Stage> stages, Build build) {
        for (Stage stage : stages) {
            if (build.error() != null) {
                build.log().message("Stage \"" + stage.name + "\" skipped due to earlier failure(s)");
            } else if (!stage.when.test(build)) {
                build.log().message("Stage \"" + stage.name + "\" skipped due to when conditional");
            } else {
                build.log().message("[Pipeline] { (" + stage.name + ")");
                try {
                    stage.steps.call();
                } catch (Exception e) {
                    build.failed(e);
                }
            }
        }
        return null;
    }

    private static void runPost(Map<String, Closure<?>> post, Build build) {
        CurrentBuild.Result result = build.currentBuild().result();
        for (Map.Entry<String, Closure<?>> condition : post.entrySet()) {
            boolean applies = switch (condition.getKey()) {
                case "always", "cleanup" -> true;
                case "success" -> result == CurrentBuild.Result.SUCCESS;
                case "unstable" -> result == CurrentBuild.Result.UNSTABLE;
                case "failure" -> result == CurrentBuild.Result.FAILURE;
                default -> throw new IllegalStateException(condition.getKey());
            };
            if (applies) {
                build.log().message("[Pipeline] { (Declarative: Post Actions: " + condition.getKey() + ")");
                try {
                    condition.getValue().call();
                } catch (Exception e) {
                    build.failed(e);
                }
            }
        }
    }

    /** One {@code stage}: its name, whether it runs, and its steps. */
    record Stage(String name, java.util.function.Predicate<Build> when, Closure<?> steps) {
    }

    /** The delegate of {@code pipeline { }}: what each section declares. */
    public static final class PipelineSections {
        String agentLabel;
        final Map<String, Object> parameterDefaults = new LinkedHashMap<>();
        Closure<?> environment;
        Duration timeout;
        final List<Stage> stages = new ArrayList<>();
        final Map<String, Closure<?>> post = new LinkedHashMap<>();

        public void agent(Closure<?> body) {
            AgentSection agent = new AgentSection();
            DelegateCalls.run(body, agent);
            agentLabel = agent.label;
        }

        public void options(Closure<?> body) {
            OptionsSection options = new OptionsSection();
            DelegateCalls.run(body, options);
            timeout = options.timeout;
        }

        public void parameters(Closure<?> body) {
            DelegateCalls.run(body, new ParametersSection(parameterDefaults));
        }

        public void environment(Closure<?> body) {
            environment = body;
        }

        public void stages(Closure<?> body) {
            DelegateCalls.run(body, new StagesSection(stages));
        }

        public void post(Closure<?> body) {
            DelegateCalls.run(body, new PostSection(post));
        }
    }

    /** {@code agent { label 'gpu' }}. */
    public static final class AgentSection {
        String label;

        public void label(String value) {
            label = value;
        }
    }

    /**
     * {@code options { }}: {@code timeout} bounds the run; {@code buildDiscarder} is job configuration (how many
     * builds to keep), which a single run does not use.
     */
    public static final class OptionsSection {
        Duration timeout;

        public void timeout(Map<String, Object> named) {
            timeout = Timeouts.of(named);
        }

        public void buildDiscarder(Object strategy) {
            // job configuration: nothing to do within one build
        }

        public Map<String, Object> logRotator(Map<String, Object> named) {
            return named;
        }
    }

    /** {@code parameters { string(…); booleanParam(…) }}: each one's default. */
    public static final class ParametersSection {
        private final Map<String, Object> defaults;

        ParametersSection(Map<String, Object> defaults) {
            this.defaults = defaults;
        }

        public void string(Map<String, Object> named) {
            defaults.put(String.valueOf(named.get("name")), named.get("defaultValue") == null ? "" : String.valueOf(named.get("defaultValue")));
        }

        public void booleanParam(Map<String, Object> named) {
            defaults.put(String.valueOf(named.get("name")), Boolean.TRUE.equals(named.get("defaultValue")));
        }
    }

    /** {@code stages { stage('name') { when { … } steps { … } } }}. */
    public static final class StagesSection {
        private final List<Stage> stages;

        StagesSection(List<Stage> stages) {
            this.stages = stages;
        }

        public void stage(String name, Closure<?> body) {
            StageSection stage = new StageSection();
            DelegateCalls.run(body, stage);
            if (stage.steps == null) {
                throw new PipelineFailure("Stage \"" + name + "\" has no steps { }");
            }
            stages.add(new Stage(name, stage.when::test, stage.steps));
        }
    }

    /** The inside of one {@code stage}. */
    public static final class StageSection {
        Closure<?> steps;
        WhenSection when = new WhenSection();

        public void when(Closure<?> body) {
            DelegateCalls.run(body, when);
        }

        public void steps(Closure<?> body) {
            steps = body;
        }
    }

    /** {@code when { branch 'main'; expression { … } }}: every condition must hold. */
    public static final class WhenSection {
        private final List<java.util.function.Predicate<Build>> conditions = new ArrayList<>();

        /** Like Jenkins: the pattern is an Ant-style glob against {@code BRANCH_NAME}. */
        public void branch(String pattern) {
            String regex = pattern.replace(".", "\\.").replace("**", "\u0000").replace("*", "[^/]*").replace("\u0000", ".*").replace("?", ".");
            conditions.add(build -> build.env().get("BRANCH_NAME") != null && build.env().get("BRANCH_NAME").matches(regex));
        }

        public void expression(Closure<?> body) {
            conditions.add(build -> org.codehaus.groovy.runtime.DefaultGroovyMethods.asBoolean(body.call()));
        }

        boolean test(Build build) {
            return conditions.stream().allMatch(c -> c.test(build));
        }
    }

    /** {@code post { always { … } … }}. */
    public static final class PostSection {
        private final Map<String, Closure<?>> post;

        PostSection(Map<String, Closure<?>> post) {
            this.post = post;
        }

        public void always(Closure<?> body) { post.put("always", body); }

        public void success(Closure<?> body) { post.put("success", body); }

        public void unstable(Closure<?> body) { post.put("unstable", body); }

        public void failure(Closure<?> body) { post.put("failure", body); }

        public void cleanup(Closure<?> body) { post.put("cleanup", body); }
    }
}
