package io.gputraining.engine.cdi;

import io.gputraining.engine.EngineException;
import io.gputraining.engine.runtime.GpuRequest;
import java.io.Serializable;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;

/**
 * A CDI device kind, {@code vendor/class}, such as NVIDIA's {@code nvidia.com/gpu}: the first half of a fully
 * qualified CDI device name ({@code nvidia.com/gpu=0}). A runtime that gives GPUs through the Container Device
 * Interface asks for devices of this kind.
 *
 * @param vendor the vendor, a domain-like name ({@code nvidia.com})
 * @param type   the device class ({@code gpu})
 */
public record CdiKind(String vendor, String type) implements Serializable {

    // The CDI specification's rules (container-device-interface, pkg/parser): vendor and class start with a
    // letter and end with a letter or digit; inside, letters, digits, '-', '_' and '.' (class: no '.').
    private static final Pattern VENDOR = Pattern.compile("[A-Za-z]([A-Za-z0-9._-]*[A-Za-z0-9])?");
    private static final Pattern CLASS = Pattern.compile("[A-Za-z]([A-Za-z0-9_-]*[A-Za-z0-9])?");
    private static final Pattern DEVICE = Pattern.compile("[A-Za-z0-9]([A-Za-z0-9._:-]*[A-Za-z0-9])?");

    /** NVIDIA's GPUs, as {@code nvidia-ctk cdi generate} names them. */
    public static final CdiKind NVIDIA_GPU = new CdiKind("nvidia.com", "gpu");

    public CdiKind {
        if (vendor == null || !VENDOR.matcher(vendor).matches() || type == null || !CLASS.matcher(type).matches()) {
            throw new EngineException("'" + vendor + "/" + type + "' is not a CDI device kind: give vendor/class such as"
                    + " nvidia.com/gpu (letters, digits, '.', '-', '_'; starting with a letter).");
        }
    }

    /** Parses {@code vendor/class}. */
    public static CdiKind parse(String text) {
        String t = text == null ? "" : text.strip();
        int slash = t.indexOf('/');
        if (slash <= 0) {
            throw new EngineException("'" + text + "' is not a CDI device kind: give vendor/class such as nvidia.com/gpu.");
        }
        return new CdiKind(t.substring(0, slash), t.substring(slash + 1));
    }

    /** The fully qualified name of one device of this kind, e.g. {@code nvidia.com/gpu=GPU-5f3c…}. */
    public String device(String name) {
        if (name == null || !DEVICE.matcher(name).matches()) {
            throw new EngineException("'" + name + "' cannot name a CDI device of " + this + ": use an index, a UUID or 'all'.");
        }
        return this + "=" + name;
    }

    /**
     * The devices of this kind that give a container {@code gpus}: {@code =all} for all, the ids as given, and
     * for a count the first that many indexes (what {@code docker run --gpus N} takes too); none for none.
     */
    public List<String> devicesFor(GpuRequest gpus) {
        if (gpus.wantsNone()) {
            return List.of();
        }
        if (gpus.wantsAll()) {
            return List.of(device("all"));
        }
        List<String> names = new ArrayList<>();
        if (!gpus.deviceIds().isEmpty()) {
            gpus.deviceIds().forEach(id -> names.add(device(id.strip())));
        } else {
            for (int i = 0; i < gpus.count(); i++) {
                names.add(device(Integer.toString(i)));
            }
        }
        return List.copyOf(names);
    }

    /** The device name part of a qualified name of this kind, or null when {@code qualified} is of another kind. */
    public String nameOf(String qualified) {
        String prefix = this + "=";
        return qualified.startsWith(prefix) ? qualified.substring(prefix.length()) : null;
    }

    @Override
    public String toString() {
        return vendor + "/" + type;
    }
}
