package io.gputraining.examples.pipeline;

import groovy.lang.GroovyShell;
import groovy.lang.Script;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.codehaus.groovy.control.CompilerConfiguration;

/**
 * Runs pipeline scripts with plain Groovy the way a Jenkins multibranch job would: one agent, a job with numbered
 * builds, the build's variables ({@code BRANCH_NAME}, {@code BUILD_TAG}, {@code BUILD_URL}, …), the steps of a
 * {@link StepTable} — the basic Jenkins ones, {@code pipeline { }}, and whatever the caller adds (our GPU steps,
 * a shared library's {@code vars}, loaded implicitly as a global library can be).
 */
public final class PipelineHarness {

    private final Agent agent;
    private final Map<String, String> agentEnvironment;
    private final Path buildsDirectory;
    private final StepTable steps = BasicSteps.addTo(new StepTable()).put("pipeline", DeclarativePipeline::run);

    /**
     * @param agentEnvironment the agent's own variables (what {@code env.PATH} reads), e.g. {@code DOCKER_HOST}
     * @param buildsDirectory  where each build's archive is kept
     */
    public PipelineHarness(Agent agent, Map<String, String> agentEnvironment, Path buildsDirectory) {
        this.agent = agent;
        this.agentEnvironment = Map.copyOf(agentEnvironment);
        this.buildsDirectory = buildsDirectory;
    }

    /** The steps builds can call; add to it before running. */
    public StepTable steps() {
        return steps;
    }

    /** Makes each {@code vars/NAME.groovy} of a shared library a step {@code NAME}, calling its {@code call}. */
    public PipelineHarness library(Path varsDirectory) throws IOException {
        try (Stream<Path> files = Files.list(varsDirectory)) {
            for (Path file : files.filter(f -> f.toString().endsWith(".groovy")).toList()) {
                String name = file.getFileName().toString().replaceFirst("\\.groovy$", "");
                String source = Files.readString(file);
                steps.put(name, (call, build) -> parse(source, name, build).invokeMethod("call", arguments(call)));
            }
        }
        return this;
    }

    /**
     * Runs {@code script} (a Jenkinsfile's text) as build {@code number} of {@code job} for the branch of {@code scm}.
     *
     * @param params    the build's parameters, over the defaults its {@code parameters { }} declare
     * @param variables more build variables, e.g. {@code CHANGE_ID}
     */
    public BuildOutcome run(String job, int number, GitSource scm, Map<String, Object> params, Map<String, String> variables,
                            String script) throws IOException {
        Path archive = Files.createDirectories(buildsDirectory.resolve(job).resolve(String.valueOf(number)).resolve("archive"));
        BuildLog log = new BuildLog(new PrintStream(System.out, true, java.nio.charset.StandardCharsets.UTF_8));
        Build build = new Build(job, number, steps, agent, scm, agentEnvironment, archive, log);
        build.params().putAll(params);
        build.env().put("JOB_NAME", job);
        build.env().put("BUILD_NUMBER", String.valueOf(number));
        build.env().put("BUILD_TAG", "jenkins-" + job.replace('/', '-') + "-" + number);
        build.env().put("BUILD_URL", "https://jenkins.example.invalid/job/" + job + "/" + number + "/");
        if (scm != null) {
            build.env().put("BRANCH_NAME", scm.branch());
        }
        variables.forEach(build.env()::put);
        Object returned = null;
        try {
            returned = parse(script, "Jenkinsfile", build).run();
        } catch (Exception e) {
            build.failed(e);
        }
        return new BuildOutcome(build.currentBuild().result(), log.text(), build.currentBuild().getDescription(), build.error(),
                archive, returned);
    }

    private static Script parse(String source, String name, Build build) {
        CompilerConfiguration config = new CompilerConfiguration();
        config.setScriptBaseClass(PipelineScript.class.getName());
        GroovyShell shell = new GroovyShell(PipelineHarness.class.getClassLoader(), new BuildBinding(build), config);
        return shell.parse(source, name + ".groovy");
    }

    /** The arguments as Groovy passed them: named ones as one map first, then the rest, then the block. */
    private static Object[] arguments(StepCall call) {
        List<Object> args = new ArrayList<>();
        if (!call.named().isEmpty()) {
            args.add(call.named());
        }
        args.addAll(call.positional());
        if (call.body() != null) {
            args.add(call.body());
        }
        return args.toArray();
    }
}
