package io.jenkins.plugins.gputraining;

import hudson.model.Describable;
import hudson.model.Descriptor;
import hudson.util.ListBoxModel;
import hudson.util.Secret;
import java.lang.reflect.Constructor;
import java.lang.reflect.Method;
import java.lang.reflect.Modifier;
import java.lang.reflect.ParameterizedType;
import java.lang.reflect.Type;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import jenkins.model.Jenkins;
import org.jvnet.hudson.test.TestExtension;
import org.kohsuke.stapler.ClassDescriptor;
import org.kohsuke.stapler.DataBoundConstructor;
import org.kohsuke.stapler.DataBoundSetter;

/**
 * The plugin's describables with every data-bound property set to a value other than its default, read from
 * their own annotations, so that a parameter added later is round-tripped without editing the tests. A string
 * property with a drop-down ({@code doFillXItems}) takes one of its choices, as a form would; the others take
 * values no default has. A property of a type this class cannot make fails the test, naming it.
 */
final class DataBoundSamples {

    static final String PLUGIN_PACKAGE = "io.jenkins.plugins.gputraining";

    /**
     * One data-bound property.
     *
     * @param required a parameter of the {@code @DataBoundConstructor} (it has no default)
     */
    record Property(String name, Type type, boolean required) {
    }

    private DataBoundSamples() {
    }

    /** The descriptors of this plugin's describables; test extensions left out. */
    static List<Descriptor<?>> ofThisPlugin() {
        List<Descriptor<?>> all = new ArrayList<>();
        for (Descriptor<?> d : Jenkins.get().getExtensionList(Descriptor.class)) {
            if (d.clazz.getName().startsWith(PLUGIN_PACKAGE + ".") && !d.getClass().isAnnotationPresent(TestExtension.class)) {
                all.add(d);
            }
        }
        return all;
    }

    /** The {@code @DataBoundConstructor}'s parameters, then the {@code @DataBoundSetter}s, by name. */
    static List<Property> properties(Class<?> type) {
        List<Property> properties = new ArrayList<>();
        for (Constructor<?> c : type.getConstructors()) {
            if (c.isAnnotationPresent(DataBoundConstructor.class)) {
                String[] names = ClassDescriptor.loadParameterNames(c);
                Type[] types = c.getGenericParameterTypes();
                for (int i = 0; i < names.length; i++) {
                    properties.add(new Property(names[i], types[i], true));
                }
            }
        }
        Arrays.stream(type.getMethods())
                .filter(m -> m.isAnnotationPresent(DataBoundSetter.class) && m.getName().startsWith("set") && m.getParameterCount() == 1)
                .sorted((a, b) -> a.getName().compareTo(b.getName()))
                .forEach(m -> properties.add(new Property(decapitalize(m.getName().substring(3)), m.getGenericParameterTypes()[0], false)));
        return properties;
    }

    /** What the getter of {@code name} returns. */
    static Object get(Object bean, String name) {
        String suffix = Character.toUpperCase(name.charAt(0)) + name.substring(1);
        for (String prefix : List.of("get", "is")) {
            try {
                Method getter = bean.getClass().getMethod(prefix + suffix);
                return getter.invoke(bean);
            } catch (NoSuchMethodException e) {
                // try the next form
            } catch (ReflectiveOperationException e) {
                throw new AssertionError("cannot read " + bean.getClass().getSimpleName() + "." + name, e);
            }
        }
        throw new AssertionError(bean.getClass().getSimpleName() + "." + name + " has no getter: data binding and"
                + " the forms read a property through it");
    }

    /** A new {@code type} with every property changed from its default; another {@code variant} gives other values. */
    static <T> T sample(Class<T> type, int variant) {
        Constructor<?> constructor = Arrays.stream(type.getConstructors())
                .filter(c -> c.isAnnotationPresent(DataBoundConstructor.class)).findFirst()
                .orElseThrow(() -> new AssertionError(type + " has no @DataBoundConstructor"));
        List<Object> arguments = new ArrayList<>();
        for (Property p : properties(type)) {
            if (p.required()) {
                arguments.add(valueFor(type, null, p, null, variant));
            }
        }
        T bean;
        try {
            bean = type.cast(constructor.newInstance(arguments.toArray()));
        } catch (ReflectiveOperationException e) {
            throw new AssertionError("cannot construct " + type.getSimpleName() + " from " + arguments, e);
        }
        applySample(bean, variant);
        return bean;
    }

    /**
     * Sets every setter of {@code bean} to a value other than the one it holds now. A drop-down's choices may
     * depend on other properties (the default registry on the registries), so those are chosen again at the end.
     */
    static void applySample(Object bean, int variant) {
        Map<String, Object> before = new LinkedHashMap<>();
        List<Property> setters = properties(bean.getClass()).stream().filter(p -> !p.required()).toList();
        for (Property p : setters) {
            before.put(p.name(), get(bean, p.name()));
        }
        for (Property p : setters) {
            set(bean, p, valueFor(bean.getClass(), bean, p, before.get(p.name()), variant));
        }
        for (Property p : setters) {
            if (p.type() == String.class && !choices(bean.getClass(), bean, p.name()).isEmpty()) {
                set(bean, p, valueFor(bean.getClass(), bean, p, before.get(p.name()), variant));
            }
        }
    }

    /**
     * The properties as plain values, recursively: a describable becomes a map of its properties with its class
     * under {@code $class}, a secret its plain text. Two beans that bind the same have equal snapshots.
     */
    static Map<String, Object> snapshot(Object bean) {
        Map<String, Object> values = new LinkedHashMap<>();
        values.put("$class", bean.getClass().getName());
        for (Property p : properties(bean.getClass())) {
            values.put(p.name(), plain(get(bean, p.name())));
        }
        return values;
    }

    /** The properties of {@code sample} that hold what a new instance holds. */
    static List<String> unchanged(Object sample, Object fresh) {
        List<String> same = new ArrayList<>();
        for (Property p : properties(sample.getClass())) {
            if (!p.required() && Objects.equals(plain(get(sample, p.name())), plain(get(fresh, p.name())))) {
                same.add(sample.getClass().getSimpleName() + "." + p.name());
            }
        }
        return same;
    }

    private static Object plain(Object value) {
        if (value instanceof Collection<?> list) {
            return list.stream().map(DataBoundSamples::plain).toList();
        }
        if (value instanceof Secret secret) {
            return "Secret:" + secret.getPlainText();
        }
        if (value instanceof Describable<?> && value.getClass().getName().startsWith(PLUGIN_PACKAGE + ".")) {
            return snapshot(value);
        }
        return value;
    }

    private static void set(Object bean, Property p, Object value) {
        String name = "set" + Character.toUpperCase(p.name().charAt(0)) + p.name().substring(1);
        try {
            Method setter = Arrays.stream(bean.getClass().getMethods())
                    .filter(m -> m.getName().equals(name) && m.getParameterCount() == 1 && m.isAnnotationPresent(DataBoundSetter.class))
                    .findFirst().orElseThrow();
            setter.invoke(bean, value);
        } catch (ReflectiveOperationException e) {
            throw new AssertionError("cannot set " + bean.getClass().getSimpleName() + "." + p.name() + " to " + value, e);
        }
    }

    private static Object valueFor(Class<?> owner, Object bean, Property p, Object current, int variant) {
        Class<?> raw = raw(p.type());
        String where = owner.getSimpleName() + "." + p.name();
        if (raw == String.class) {
            List<String> choices = choices(owner, bean, p.name()).stream()
                    .filter(c -> !c.isBlank() && !c.equals(current)).toList();
            return choices.isEmpty() ? "sample-" + p.name() + "-" + variant : choices.get(variant % choices.size());
        }
        if (raw == boolean.class || raw == Boolean.class) {
            return !Boolean.TRUE.equals(current);
        }
        if (raw == int.class || raw == Integer.class) {
            return (current == null ? 0 : (Integer) current) + 7 + variant;
        }
        if (raw == long.class || raw == Long.class) {
            return (current == null ? 0L : (Long) current) + 7 + variant;
        }
        if (raw == double.class || raw == Double.class) {
            return (current == null ? 0.0 : (Double) current) + 0.5 + variant;
        }
        if (raw.isEnum()) {
            List<?> others = Arrays.stream(raw.getEnumConstants()).filter(c -> c != current).toList();
            return others.get(variant % others.size());
        }
        if (raw == Secret.class) {
            return Secret.fromString("sample-secret-" + p.name() + "-" + variant);
        }
        if (List.class.isAssignableFrom(raw) && p.type() instanceof ParameterizedType list) {
            Class<?> element = raw(list.getActualTypeArguments()[0]);
            if (element == String.class) {
                String prefix = "SAMPLE_" + p.name().toUpperCase(Locale.ROOT);
                return List.of(prefix + "_A=" + variant, prefix + "_B=" + variant);
            }
            if (isDataBound(element)) {
                return List.of(sample(element, 2 * variant), sample(element, 2 * variant + 1));
            }
        }
        if (isDataBound(raw)) {
            return sample(raw, variant);
        }
        throw new AssertionError("DataBoundSamples cannot make a " + p.type().getTypeName() + " for " + where
                + "; teach it one so that the round trips cover the new property");
    }

    private static boolean isDataBound(Class<?> type) {
        return !Modifier.isAbstract(type.getModifiers())
                && Arrays.stream(type.getConstructors()).anyMatch(c -> c.isAnnotationPresent(DataBoundConstructor.class));
    }

    /** The values of the property's drop-down, from its descriptor's {@code doFillXItems}; empty when it has none. */
    private static List<String> choices(Class<?> owner, Object bean, String property) {
        Object descriptor = bean instanceof Descriptor<?> d ? d : Jenkins.get().getDescriptor(owner.asSubclass(Describable.class));
        if (descriptor == null) {
            return List.of();
        }
        String name = "doFill" + Character.toUpperCase(property.charAt(0)) + property.substring(1) + "Items";
        for (Method m : descriptor.getClass().getMethods()) {
            if (m.getName().equals(name) && Arrays.stream(m.getParameterTypes()).allMatch(t -> t == String.class)) {
                try {
                    ListBoxModel items = (ListBoxModel) m.invoke(descriptor, new Object[m.getParameterCount()]);
                    return items.stream().map(o -> o.value).toList();
                } catch (ReflectiveOperationException e) {
                    throw new AssertionError("cannot list the choices of " + owner.getSimpleName() + "." + property, e);
                }
            }
        }
        return List.of();
    }

    private static Class<?> raw(Type type) {
        if (type instanceof Class<?> c) {
            return c;
        }
        if (type instanceof ParameterizedType p) {
            return (Class<?>) p.getRawType();
        }
        throw new AssertionError("unexpected property type " + type);
    }

    private static String decapitalize(String name) {
        return Character.toLowerCase(name.charAt(0)) + name.substring(1);
    }
}
