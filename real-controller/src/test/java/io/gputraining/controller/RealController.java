package io.gputraining.controller;

import io.gputraining.engine.testing.TestEnvironment;
import java.io.IOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Duration;
import java.time.Instant;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * {@code jenkins.war} from the Jenkins repository running on 127.0.0.1 with the built plugin and its dependency
 * plugins, configured as code ({@link ControllerConfiguration}), and its agent {@code gpu-agent}: a separate
 * Java process connected over remoting (inbound, WebSocket) with {@code agent.jar} downloaded from the
 * controller, as a user connects one. {@link #close()} stops both.
 */
final class RealController implements AutoCloseable {

    private static final Duration START_TIMEOUT = Duration.ofMinutes(4);
    private static final Pattern SECRET = Pattern.compile("<argument>([0-9a-f]{64})</argument>");

    private final JenkinsProcess controller;
    private final JenkinsApi api;
    private JenkinsProcess agent;

    private RealController(JenkinsProcess controller, JenkinsApi api) {
        this.controller = controller;
        this.api = api;
    }

    /**
     * Starts the controller in {@code layout}'s home with a configuration for {@code libraryRemote}, then its agent;
     * returns once the agent is online.
     */
    static RealController start(ControllerLayout layout, String libraryRemote) throws IOException, InterruptedException {
        Path home = layout.work().resolve("home");
        Path plugins = home.resolve("plugins");
        Files.createDirectories(plugins);
        try (Stream<Path> files = Files.list(layout.plugins())) {
            for (Path plugin : files.filter(p -> p.toString().endsWith(".jpi")).toList()) {
                Files.copy(plugin, plugins.resolve(plugin.getFileName()));
            }
        }
        int port = JenkinsProcess.freePort();
        URI url = URI.create("http://127.0.0.1:" + port + "/");
        String adminPassword = HexFormat.of().formatHex(new SecureRandom().generateSeed(16));
        ControllerConfiguration configuration = new ControllerConfiguration(url, adminPassword, layout.work().resolve("agent"),
                TestEnvironment.mlflowUrl(), TestEnvironment.mlflowUser(), TestEnvironment.mlflowPassword(),
                layout.scratchRegistry(), libraryRemote);
        Path yaml = home.resolve("jenkins.yaml");
        Files.writeString(yaml, configuration.yaml());
        JenkinsProcess process = JenkinsProcess.startJava("jenkins controller", List.of(
                        "-Xmx1g", "-Djava.awt.headless=true",
                        "-Djenkins.install.runSetupWizard=false",
                        // the jobs check out local git repositories (SECURITY-2478 refuses them otherwise)
                        "-Dhudson.plugins.git.GitSCM.ALLOW_LOCAL_CHECKOUT=true",
                        "-jar", layout.war().toString(), "--httpPort=" + port, "--httpListenAddress=127.0.0.1"),
                Map.of("JENKINS_HOME", home.toString(), "CASC_JENKINS_CONFIG", yaml.toString()), layout.work(),
                layout.work().resolve("controller.log"));
        RealController started = new RealController(process, new JenkinsApi(url, ControllerConfiguration.ADMIN, adminPassword));
        // Should the test JVM be ended before the suite closes it (a surefire timeout), take both processes along.
        Runtime.getRuntime().addShutdownHook(new Thread(started::close, "stop the real controller"));
        try {
            started.awaitConfigured();
            started.connectAgent(layout.work());
            return started;
        } catch (IOException | RuntimeException | Error e) {
            started.close();
            throw e;
        }
    }

    JenkinsApi api() {
        return api;
    }

    /** Ready once configuration as code has created the agent's node (the page answers the admin). */
    private void awaitConfigured() throws IOException, InterruptedException {
        Instant deadline = Instant.now().plus(START_TIMEOUT);
        String node = "computer/" + ControllerConfiguration.AGENT + "/api/json";
        while (!answers(node)) {
            if (!controller.isAlive()) {
                throw new IOException("the controller exited while starting; " + controller + ":\n" + controller.logTail());
            }
            if (Instant.now().isAfter(deadline)) {
                throw new IOException("the controller did not come up within " + START_TIMEOUT + "; " + controller + ":\n"
                        + controller.logTail());
            }
            Thread.sleep(1000);
        }
    }

    private boolean answers(String path) throws InterruptedException {
        try {
            return api.status(path) == 200;
        } catch (IOException notYet) {
            return false;
        }
    }

    /** Downloads agent.jar from the controller and connects the agent with its secret, as the node's page says. */
    private void connectAgent(Path work) throws IOException, InterruptedException {
        String computer = "computer/" + ControllerConfiguration.AGENT + "/";
        Path agentJar = work.resolve("agent.jar");
        api.download("jnlpJars/agent.jar", agentJar);
        Matcher secret = SECRET.matcher(api.text(computer + "jenkins-agent.jnlp"));
        if (!secret.find()) {
            throw new IOException("no agent secret in " + computer + "jenkins-agent.jnlp");
        }
        agent = JenkinsProcess.startJava("gpu agent", List.of("-Xmx256m", "-jar", agentJar.toString(),
                        "-url", api.root().toString(), "-name", ControllerConfiguration.AGENT, "-secret", secret.group(1),
                        "-webSocket", "-workDir", work.resolve("agent").toString()),
                Map.of("DOCKER_HOST", TestEnvironment.dockerHost()), work, work.resolve("agent.log"));
        Instant deadline = Instant.now().plus(Duration.ofMinutes(2));
        while (api.json(computer + "api/json").path("offline").asBoolean(true)) {
            if (!agent.isAlive() || Instant.now().isAfter(deadline)) {
                throw new IOException("the agent did not connect; " + agent + ":\n" + agent.logTail());
            }
            Thread.sleep(500);
        }
    }

    @Override
    public void close() {
        if (agent != null) {
            agent.close();
        }
        controller.close();
    }
}
