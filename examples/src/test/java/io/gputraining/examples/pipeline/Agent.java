package io.gputraining.examples.pipeline;

import java.nio.file.Path;
import java.util.Set;

/**
 * The machine builds run on: this host, with the labels a test gives it, and the directory its workspaces are in.
 *
 * @param name          the node's name ({@code NODE_NAME})
 * @param labels        what {@code agent { label … }} and {@code node(…)} may ask for
 * @param workspaceRoot where each job's workspace is made
 */
public record Agent(String name, Set<String> labels, Path workspaceRoot) {

    public Agent {
        labels = Set.copyOf(labels);
    }
}
