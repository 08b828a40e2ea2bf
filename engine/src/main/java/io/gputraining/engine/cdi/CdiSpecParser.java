package io.gputraining.engine.cdi;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.Yaml;
import org.yaml.snakeyaml.constructor.SafeConstructor;
import org.yaml.snakeyaml.error.YAMLException;

/**
 * Reads a CDI spec (YAML, or JSON, which is YAML too) as the CDI specification defines it: {@code cdiVersion},
 * {@code kind}, {@code devices[].name}, and {@code containerEdits} (spec-wide and per device) with
 * {@code deviceNodes}, {@code mounts} and {@code hooks}. Only the safe loader is used: a spec is data.
 */
public final class CdiSpecParser {

    // NVIDIA's spec mounts the driver's libraries under their full version, and newer nvidia-ctk passes it to a hook.
    private static final Pattern HOOK_DRIVER = Pattern.compile("--host-driver-version=(\\d+\\.\\d+(?:\\.\\d+)?)");
    private static final Pattern LIBRARY_DRIVER = Pattern.compile("/lib(?:cuda|nvidia-ml|nvidia-ptxjitcompiler)\\.so\\.(\\d+\\.\\d+(?:\\.\\d+)?)$");
    private static final Pattern FIRMWARE_DRIVER = Pattern.compile("/firmware/nvidia/(\\d+\\.\\d+(?:\\.\\d+)?)/");

    /**
     * @param file where the text came from, for the spec and for errors
     * @throws CdiSpecFormatException when it is not YAML, or lacks {@code kind} or {@code devices}
     */
    public CdiSpec parse(String text, String file) {
        Object document;
        try {
            document = new Yaml(new SafeConstructor(new LoaderOptions())).load(text);
        } catch (YAMLException e) {
            throw new CdiSpecFormatException("CDI spec " + file + " is not valid YAML or JSON: " + firstLine(e.getMessage()));
        }
        if (!(document instanceof Map<?, ?> spec)) {
            throw new CdiSpecFormatException("CDI spec " + file + " is not a mapping with cdiVersion, kind and devices.");
        }
        String kind = text(spec.get("kind"));
        if (kind == null || !kind.contains("/")) {
            throw new CdiSpecFormatException("CDI spec " + file + " has no kind (vendor/class such as nvidia.com/gpu).");
        }
        if (!(spec.get("devices") instanceof List<?> devices)) {
            throw new CdiSpecFormatException("CDI spec " + file + " has no devices list.");
        }
        List<String> names = new ArrayList<>();
        List<Map<?, ?>> edits = new ArrayList<>();
        if (spec.get("containerEdits") instanceof Map<?, ?> common) {
            edits.add(common);
        }
        for (Object d : devices) {
            if (d instanceof Map<?, ?> device && text(device.get("name")) != null) {
                names.add(text(device.get("name")));
                if (device.get("containerEdits") instanceof Map<?, ?> own) {
                    edits.add(own);
                }
            }
        }
        Set<String> hostPaths = new LinkedHashSet<>();
        List<String> hookArgs = new ArrayList<>();
        for (Map<?, ?> e : edits) {
            for (Map<?, ?> node : maps(e.get("deviceNodes"))) {
                String host = text(node.get("hostPath")) != null ? text(node.get("hostPath")) : text(node.get("path"));
                if (host != null) {
                    hostPaths.add(host);
                }
            }
            for (Map<?, ?> mount : maps(e.get("mounts"))) {
                if (text(mount.get("hostPath")) != null) {
                    hostPaths.add(text(mount.get("hostPath")));
                }
            }
            for (Map<?, ?> hook : maps(e.get("hooks"))) {
                if (hook.get("args") instanceof List<?> args) {
                    args.forEach(a -> hookArgs.add(String.valueOf(a)));
                }
            }
        }
        return new CdiSpec(file, text(spec.get("cdiVersion")), kind, names, driverVersion(hostPaths, hookArgs),
                List.copyOf(hostPaths), List.of());
    }

    private static String driverVersion(Set<String> hostPaths, List<String> hookArgs) {
        for (String arg : hookArgs) {
            Matcher m = HOOK_DRIVER.matcher(arg);
            if (m.find()) {
                return m.group(1);
            }
        }
        for (Pattern p : List.of(LIBRARY_DRIVER, FIRMWARE_DRIVER)) {
            for (String path : hostPaths) {
                Matcher m = p.matcher(path);
                if (m.find()) {
                    return m.group(1);
                }
            }
        }
        return null;
    }

    private static List<Map<?, ?>> maps(Object value) {
        List<Map<?, ?>> result = new ArrayList<>();
        if (value instanceof List<?> list) {
            list.forEach(v -> {
                if (v instanceof Map<?, ?> m) {
                    result.add(m);
                }
            });
        }
        return result;
    }

    private static String text(Object value) {
        return value == null ? null : String.valueOf(value);
    }

    private static String firstLine(String message) {
        String m = message == null ? "" : message.strip();
        int nl = m.indexOf('\n');
        return nl < 0 ? m : m.substring(0, nl);
    }
}
