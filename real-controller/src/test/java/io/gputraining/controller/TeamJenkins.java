package io.gputraining.controller;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.stream.Stream;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.api.extension.ParameterContext;
import org.junit.jupiter.api.extension.ParameterResolver;

/**
 * A team's Jenkins, started once for every test class of the suite that asks for it (a parameter of this
 * type): the real controller and its {@code gpu} agent, the {@code ml-pipelines} library repository, and
 * where pages are screenshot. Stopped when the suite ends, whatever happened.
 */
record TeamJenkins(RealController controller, ControllerLayout layout, BuildPages pages) implements ExtensionContext.Store.CloseableResource {

    JenkinsApi api() {
        return controller.api();
    }

    @Override
    public void close() {
        controller.close();
    }

    /** Starts the Jenkins on first use; tests get it as a parameter. */
    static final class Extension implements ParameterResolver {

        @Override
        public boolean supportsParameter(ParameterContext parameter, ExtensionContext context) {
            return parameter.getParameter().getType() == TeamJenkins.class;
        }

        @Override
        public Object resolveParameter(ParameterContext parameter, ExtensionContext context) {
            return context.getRoot().getStore(ExtensionContext.Namespace.GLOBAL)
                    .getOrComputeIfAbsent(TeamJenkins.class, k -> start(), TeamJenkins.class);
        }

        private static TeamJenkins start() {
            ControllerLayout layout = ControllerLayout.fromSystemProperties();
            try {
                deleteRecursively(layout.work());
                Files.createDirectories(layout.screenshots());
                GitRepository library = GitRepository.init(layout.repositories().resolve("ml-pipelines"), "main");
                copyTree(layout.sourceRoot().resolve("examples/shared-library"), library.directory());
                library.commitAll("ml-pipelines: standardTraining");
                RealController controller = RealController.start(layout, library.url());
                return new TeamJenkins(controller, layout, new BuildPages(controller.api(), layout.screenshots(),
                        layout.work().resolve("chromium")));
            } catch (IOException e) {
                throw new java.io.UncheckedIOException(e);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException(e);
            }
        }
    }

    /** Copies the files under {@code from} into {@code to}. */
    static void copyTree(Path from, Path to) throws IOException {
        try (Stream<Path> files = Files.walk(from)) {
            for (Path source : files.toList()) {
                Path target = to.resolve(from.relativize(source).toString());
                if (Files.isDirectory(source)) {
                    Files.createDirectories(target);
                } else {
                    Files.copy(source, target);
                }
            }
        }
    }

    private static void deleteRecursively(Path directory) throws IOException {
        if (!Files.exists(directory)) {
            return;
        }
        try (Stream<Path> files = Files.walk(directory)) {
            for (Path path : files.sorted(Comparator.reverseOrder()).toList()) {
                Files.delete(path);
            }
        }
    }

    /** The annotation test classes carry. */
    @java.lang.annotation.Retention(java.lang.annotation.RetentionPolicy.RUNTIME)
    @java.lang.annotation.Target(java.lang.annotation.ElementType.TYPE)
    @ExtendWith(Extension.class)
    @interface OnTeamJenkins {
    }
}
