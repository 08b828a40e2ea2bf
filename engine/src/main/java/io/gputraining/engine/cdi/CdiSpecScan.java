package io.gputraining.engine.cdi;

import java.io.IOException;
import java.io.Serializable;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.function.Predicate;
import java.util.stream.Stream;

/**
 * The CDI specs of one kind found in a runtime's spec directories, as the runtime would find them: every
 * {@code .yaml}, {@code .yml} and {@code .json} file directly in each directory.
 *
 * @param dirs       the directories read, in order
 * @param specs      the specs of the kind asked for, with the host files they name that are missing here
 * @param otherKinds how many specs of other kinds were there
 * @param unreadable one line per file that could not be read or parsed
 */
public record CdiSpecScan(List<String> dirs, List<CdiSpec> specs, int otherKinds, List<String> unreadable) implements Serializable {

    public CdiSpecScan {
        dirs = List.copyOf(dirs);
        specs = List.copyOf(specs);
        unreadable = List.copyOf(unreadable);
    }

    /** Reads the specs of {@code kind} in {@code dirs}; a host path counts as present when {@code exists} says so. */
    public static CdiSpecScan read(List<String> dirs, String kind, Predicate<String> exists) {
        CdiSpecParser parser = new CdiSpecParser();
        List<CdiSpec> found = new ArrayList<>();
        List<String> unreadable = new ArrayList<>();
        int others = 0;
        for (String dir : dirs) {
            for (Path file : specFiles(Path.of(dir), unreadable)) {
                try {
                    CdiSpec spec = parser.parse(Files.readString(file), file.toString());
                    if (spec.kind().equals(kind)) {
                        found.add(spec.withMissing(spec.hostPaths().stream().filter(p -> !exists.test(p)).toList()));
                    } else {
                        others++;
                    }
                } catch (IOException e) {
                    unreadable.add(file + ": " + e.getMessage());
                } catch (CdiSpecFormatException e) {
                    unreadable.add(e.getMessage());
                }
            }
        }
        return new CdiSpecScan(dirs, found, others, unreadable);
    }

    /** Reads them on this host's filesystem. */
    public static CdiSpecScan readHere(List<String> dirs, String kind) {
        return read(dirs, kind, path -> Files.exists(Path.of(path)));
    }

    private static List<Path> specFiles(Path dir, List<String> unreadable) {
        if (!Files.isDirectory(dir)) {
            return List.of();
        }
        try (Stream<Path> files = Files.list(dir)) {
            return files.filter(Files::isRegularFile).filter(CdiSpecScan::isSpecName).sorted().toList();
        } catch (IOException e) {
            unreadable.add(dir + ": " + e.getMessage());
            return List.of();
        }
    }

    private static boolean isSpecName(Path file) {
        String name = file.getFileName().toString().toLowerCase(Locale.ROOT);
        return name.endsWith(".yaml") || name.endsWith(".yml") || name.endsWith(".json");
    }

    /** The device names all specs of the kind define together. */
    public List<String> devices() {
        return specs.stream().flatMap(s -> s.devices().stream()).distinct().toList();
    }
}
