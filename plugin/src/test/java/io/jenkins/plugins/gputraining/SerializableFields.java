package io.jenkins.plugins.gputraining;

import java.io.IOException;
import java.io.Serializable;
import java.io.UncheckedIOException;
import java.lang.reflect.Field;
import java.lang.reflect.GenericArrayType;
import java.lang.reflect.Modifier;
import java.lang.reflect.ParameterizedType;
import java.lang.reflect.Type;
import java.lang.reflect.TypeVariable;
import java.lang.reflect.WildcardType;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Stream;

/**
 * Reads, from the declared types, whether everything a serializable class holds can be serialized: its fields, the
 * fields of the plugin's and the engine's types they hold (records, lists of records…), down to JDK and Jenkins
 * types, which must be {@link Serializable} themselves. A field left {@code null} in a test still counts here, so
 * a non-serializable field fails this check instead of a build.
 */
final class SerializableFields {

    private static final List<String> OUR_PACKAGES = List.of(DataBoundSamples.PLUGIN_PACKAGE + ".", "io.gputraining.engine.");

    /** Interfaces whose implementations in the plugin and the engine are the JDK's serializable ones. */
    private static final Set<Class<?>> SERIALIZABLE_CONTAINERS = Set.of(List.class, Map.class, Set.class, Collection.class);

    /** Fields whose declared type is wider than what they hold, and why what they hold travels. */
    private final Map<String, String> exceptions;
    private final Set<Class<?>> seen = new HashSet<>();
    private final List<String> problems = new ArrayList<>();

    /** @param exceptions {@code Class.field} (simple names) to why it is fine although its declared type is not serializable */
    SerializableFields(Map<String, String> exceptions) {
        this.exceptions = exceptions;
    }

    /** The problems found walking from {@code type}, reached as {@code path}, that earlier walks did not find. */
    List<String> walk(Type type, String path) {
        problems.clear();
        visit(type, path);
        return List.copyOf(problems);
    }

    /** Every class compiled from the plugin's main sources. */
    static List<Class<?>> pluginClasses() {
        try {
            Path classes = Path.of(GpuTrainingAction.class.getProtectionDomain().getCodeSource().getLocation().toURI());
            try (Stream<Path> files = Files.walk(classes)) {
                List<Class<?>> all = new ArrayList<>();
                for (Path file : files.filter(f -> f.toString().endsWith(".class")).toList()) {
                    String name = classes.relativize(file).toString().replace('/', '.').replaceAll("\\.class$", "");
                    all.add(Class.forName(name, false, GpuTrainingAction.class.getClassLoader()));
                }
                return all;
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (URISyntaxException | ClassNotFoundException e) {
            throw new AssertionError("cannot list the plugin's classes", e);
        }
    }

    private static boolean ours(Class<?> c) {
        return OUR_PACKAGES.stream().anyMatch(c.getName()::startsWith);
    }

    /**
     * The engine's records with {@link java.util.Optional} components write a {@code RecordSerialForm} instead of
     * themselves ({@code writeReplace}), with each Optional unwrapped; what they hold must be serializable unwrapped.
     * The agent tests send such a report (a health check of the replayed 2×H200 host) through a real channel.
     */
    private static boolean declaresWriteReplace(Class<?> c) {
        try {
            c.getDeclaredMethod("writeReplace");
            return true;
        } catch (NoSuchMethodException e) {
            return false;
        }
    }

    private static Type withoutOptional(Type type) {
        if (type instanceof ParameterizedType p && p.getRawType() == java.util.Optional.class) {
            return p.getActualTypeArguments()[0];
        }
        if (type == java.util.OptionalInt.class) {
            return Integer.class;
        }
        if (type == java.util.OptionalLong.class) {
            return Long.class;
        }
        if (type == java.util.OptionalDouble.class) {
            return Double.class;
        }
        return type;
    }

    private void visit(Type type, String path) {
        if (type instanceof ParameterizedType p) {
            visit(p.getRawType(), path);
            Type[] arguments = p.getActualTypeArguments();
            for (int i = 0; i < arguments.length; i++) {
                visit(arguments[i], path + "<" + i + ">");
            }
        } else if (type instanceof GenericArrayType a) {
            visit(a.getGenericComponentType(), path + "[]");
        } else if (type instanceof WildcardType w) {
            for (Type bound : w.getUpperBounds()) {
                visit(bound, path);
            }
        } else if (type instanceof TypeVariable<?> v) {
            for (Type bound : v.getBounds()) {
                visit(bound, path);
            }
        } else if (type instanceof Class<?> c) {
            visitClass(c, path);
        }
    }

    private void visitClass(Class<?> c, String path) {
        if (c.isPrimitive() || c.isEnum()) {
            return;
        }
        if (c.isArray()) {
            visit(c.getComponentType(), path + "[]");
            return;
        }
        if (!Serializable.class.isAssignableFrom(c) && !SERIALIZABLE_CONTAINERS.contains(c)) {
            problems.add(path + ": " + c.getName() + " is not Serializable");
            return;
        }
        if (!ours(c) || !seen.add(c)) {
            return;
        }
        boolean unwrapsOptionals = declaresWriteReplace(c);
        for (Class<?> k = c; k != null && ours(k); k = k.getSuperclass()) {
            for (Field f : k.getDeclaredFields()) {
                int modifiers = f.getModifiers();
                if (Modifier.isStatic(modifiers) || Modifier.isTransient(modifiers)) {
                    continue;
                }
                String key = k.getSimpleName() + "." + f.getName();
                if (!exceptions.containsKey(key)) {
                    visit(unwrapsOptionals ? withoutOptional(f.getGenericType()) : f.getGenericType(), path + " → " + key);
                }
            }
        }
    }
}
