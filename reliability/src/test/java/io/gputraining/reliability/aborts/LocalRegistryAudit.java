package io.gputraining.reliability.aborts;

import io.gputraining.reliability.Sha256;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Stream;

/**
 * Reads a local model registry back from its directory layout (documented in {@code LocalModelRegistry}),
 * with its own JSON reading and hashing rather than the registry's classes, and says whether every version
 * in it is complete: its manifest names itself, every file it claims is there with the size and sha256 it
 * claims (under {@code files/} and as a blob), the run manifest matches its digest, and nothing else is in
 * the version. A version that is not complete is half-registered; {@code tmp/} (work in progress of a killed
 * writer) is no version and is not judged.
 */
final class LocalRegistryAudit {

    private static final ObjectMapper JSON = new ObjectMapper();

    private final Path root;
    private final List<String> problems = new ArrayList<>();
    private int complete;

    private LocalRegistryAudit(Path root) {
        this.root = root;
    }

    static RegistryAudit of(Path root) throws IOException {
        LocalRegistryAudit audit = new LocalRegistryAudit(root);
        Path models = root.resolve("models");
        if (Files.isDirectory(models)) {
            for (Path model : list(models)) {
                audit.model(model);
            }
        }
        return new RegistryAudit(audit.complete, audit.problems);
    }

    private void model(Path model) throws IOException {
        Path versions = model.resolve("versions");
        Set<String> numbers = new TreeSet<>();
        if (Files.isDirectory(versions)) {
            for (Path version : list(versions)) {
                String name = version.getFileName().toString();
                if (!name.matches("[1-9][0-9]*")) {
                    problems.add("unexpected entry " + root.relativize(version) + " among the versions");
                } else if (version(model.getFileName().toString(), version)) {
                    complete++;
                    numbers.add(name);
                }
            }
        }
        Path aliases = model.resolve("aliases");
        if (Files.isDirectory(aliases)) {
            for (Path alias : list(aliases)) {
                String target = Files.readString(alias, StandardCharsets.UTF_8).strip();
                if (!numbers.contains(target)) {
                    problems.add("alias " + root.relativize(alias) + " points at version '" + target + "', which is not a complete version");
                }
            }
        }
    }

    /** Whether the version directory is complete; adds what is wrong otherwise. */
    private boolean version(String modelName, Path dir) throws IOException {
        String where = root.relativize(dir).toString();
        Path manifestFile = dir.resolve("manifest.json");
        if (!Files.isRegularFile(manifestFile)) {
            return problem(where + " has no manifest.json");
        }
        JsonNode m;
        try {
            m = JSON.readTree(manifestFile.toFile());
        } catch (IOException e) {
            return problem(where + "/manifest.json is not JSON: " + e.getMessage());
        }
        if (!modelName.equals(m.path("modelName").asText()) || !dir.getFileName().toString().equals(m.path("version").asText())) {
            return problem(where + "/manifest.json names " + m.path("modelName").asText() + " version " + m.path("version").asText());
        }
        Path keyFile = dir.resolve("idempotency-key");
        if (!Files.isRegularFile(keyFile) || !Files.readString(keyFile, StandardCharsets.UTF_8).equals(m.path("idempotencyKey").asText())) {
            return problem(where + "/idempotency-key is missing or differs from the manifest's");
        }
        Set<String> claimed = new TreeSet<>();
        boolean ok = true;
        for (JsonNode a : m.path("artifacts")) {
            String path = a.path("path").asText();
            claimed.add("files/" + path);
            ok &= file(where, dir.resolve("files").resolve(path), a.path("size").asLong(), a.path("sha256").asText());
        }
        JsonNode run = m.path("runManifest");
        String runSha = run.path("digest").asText().replaceFirst("^sha256:", "");
        ok &= file(where, dir.resolve("run-manifest.json"), run.path("size").asLong(), runSha);
        if (m.path("artifacts").isEmpty()) {
            ok = problem(where + " claims no files");
        }
        try (Stream<Path> walk = Files.walk(dir.resolve("files"))) {
            for (Path f : walk.filter(p -> !Files.isDirectory(p)).toList()) {
                if (!claimed.contains(dir.relativize(f).toString())) {
                    ok = problem(where + " holds " + dir.relativize(f) + ", which its manifest does not claim");
                }
            }
        } catch (IOException e) {
            ok = problem(where + "/files cannot be read: " + e);
        }
        return ok;
    }

    private boolean file(String where, Path file, long size, String sha256) throws IOException {
        if (!Files.isRegularFile(file)) {
            return problem(where + ": " + file.getFileName() + " is missing");
        }
        if (Files.size(file) != size || !sha256(file).equals(sha256)) {
            return problem(where + ": " + file.getFileName() + " is not the " + size + " bytes with sha256 " + sha256 + " the manifest claims");
        }
        Path blob = root.resolve("blobs/sha256").resolve(sha256);
        if (!Files.isRegularFile(blob) || !sha256(blob).equals(sha256)) {
            return problem(where + ": blob " + sha256 + " is missing or does not hash to its name");
        }
        return true;
    }

    private boolean problem(String what) {
        problems.add(what);
        return false;
    }

    private static String sha256(Path file) throws IOException {
        return Sha256.of(Files.newInputStream(file)).hex();
    }

    private static List<Path> list(Path dir) throws IOException {
        try (Stream<Path> s = Files.list(dir)) {
            return s.filter(p -> !p.getFileName().toString().startsWith(".")).sorted().toList();
        }
    }
}
