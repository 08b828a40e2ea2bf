package io.gputraining.reliability.input;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Objects;
import java.util.stream.Stream;

/**
 * What a bad input must leave as it was: the workspace (every path, size, hash and link target), the local
 * registry directory, the model's tags in the OCI registry, the model in MLflow, and the missing workspace
 * path (still missing). Taken before and after a case and compared part by part.
 */
record World(String workspace, String localRegistry, String ociTags, String mlflow, boolean missingExists) {

    /**
     * @param withoutRunOutput leave the run output directory out of the workspace's part: a case that failed after
     *                         the training keeps what the script wrote there, for the user to look at
     */
    static World of(BadInputFixture f, RegistryState registries, boolean withoutRunOutput) throws IOException, InterruptedException {
        return new World(tree(f.workspace(), withoutRunOutput ? ".gpu-training" : null), tree(f.registry(), null),
                registries.ociTags(f.ociRepository()), registries.mlflowModel(f.model()), Files.exists(f.missing()));
    }

    /** One line per part that differs from {@code before}. */
    List<String> changesSince(World before) {
        List<String> changes = new ArrayList<>();
        compare(changes, "workspace", before.workspace, workspace);
        compare(changes, "local registry", before.localRegistry, localRegistry);
        compare(changes, "OCI tags", before.ociTags, ociTags);
        compare(changes, "MLflow model", before.mlflow, mlflow);
        if (missingExists != before.missingExists) {
            changes.add("the missing workspace was created");
        }
        return changes;
    }

    private static void compare(List<String> changes, String part, String before, String after) {
        if (!Objects.equals(before, after)) {
            changes.add(part + " changed: was [" + abbreviate(before) + "], is [" + abbreviate(after) + "]");
        }
    }

    private static String abbreviate(String s) {
        return s.length() > 300 ? s.substring(0, 300) + "…" : s;
    }

    private static String tree(Path root, String skippedTopLevel) throws IOException {
        if (!Files.exists(root)) {
            return "absent";
        }
        StringBuilder out = new StringBuilder();
        try (Stream<Path> all = Files.walk(root)) {
            for (Path p : all.sorted().toList()) {
                Path rel = root.relativize(p);
                if (skippedTopLevel != null && rel.getNameCount() > 0 && rel.getName(0).toString().equals(skippedTopLevel)) {
                    continue;
                }
                out.append(rel).append(' ').append(describe(p)).append('\n');
            }
        }
        return out.toString();
    }

    private static String describe(Path p) throws IOException {
        if (Files.isSymbolicLink(p)) {
            return "-> " + Files.readSymbolicLink(p);
        }
        if (Files.isDirectory(p)) {
            return "dir";
        }
        try {
            byte[] digest = MessageDigest.getInstance("SHA-256").digest(Files.readAllBytes(p));
            return Files.size(p) + " " + HexFormat.of().formatHex(digest, 0, 8);
        } catch (java.security.NoSuchAlgorithmException e) {
            throw new UncheckedIOException(new IOException(e));
        }
    }
}
