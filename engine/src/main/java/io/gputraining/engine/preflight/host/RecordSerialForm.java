package io.gputraining.engine.preflight.host;

import java.io.InvalidObjectException;
import java.io.ObjectStreamException;
import java.io.Serializable;
import java.lang.reflect.Constructor;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.RecordComponent;
import java.util.Arrays;
import java.util.Optional;
import java.util.OptionalDouble;
import java.util.OptionalInt;
import java.util.OptionalLong;

/**
 * The serialized form of this package's records whose components are {@link Optional}s. Optionals are not
 * {@link Serializable}, yet these values cross Jenkins remoting (the probe runs on the agent); so the record
 * writes this instead ({@code writeReplace}), with each Optional unwrapped to its value or null, and reading
 * it back calls the record's canonical constructor again, which also re-runs its validation.
 */
final class RecordSerialForm implements Serializable {
    private static final long serialVersionUID = 1L;

    private final Class<?> type;
    private final Object[] values;

    private RecordSerialForm(Class<?> type, Object[] values) {
        this.type = type;
        this.values = values;
    }

    /** The form to write for a record of this package. */
    static RecordSerialForm of(Record value) {
        RecordComponent[] components = value.getClass().getRecordComponents();
        Object[] values = new Object[components.length];
        for (int i = 0; i < components.length; i++) {
            try {
                values[i] = unwrap(components[i].getAccessor().invoke(value));
            } catch (IllegalAccessException | InvocationTargetException e) {
                throw new IllegalStateException("cannot read " + components[i].getName() + " of " + value.getClass(), e);
            }
        }
        return new RecordSerialForm(value.getClass(), values);
    }

    private Object readResolve() throws ObjectStreamException {
        // Only this package's records: a stream must not make us construct arbitrary classes.
        if (!type.isRecord() || type.getPackage() != RecordSerialForm.class.getPackage()) {
            throw new InvalidObjectException("not a record of " + RecordSerialForm.class.getPackageName() + ": " + type);
        }
        RecordComponent[] components = type.getRecordComponents();
        if (components.length != values.length) {
            throw new InvalidObjectException(type + " has " + components.length + " components, stream has " + values.length);
        }
        Class<?>[] types = Arrays.stream(components).map(RecordComponent::getType).toArray(Class<?>[]::new);
        Object[] args = new Object[values.length];
        for (int i = 0; i < values.length; i++) {
            args[i] = wrap(types[i], values[i]);
        }
        try {
            Constructor<?> canonical = type.getDeclaredConstructor(types);
            return canonical.newInstance(args);
        } catch (ReflectiveOperationException | RuntimeException e) {
            InvalidObjectException invalid = new InvalidObjectException("cannot rebuild " + type.getSimpleName() + ": " + e);
            invalid.initCause(e);
            throw invalid;
        }
    }

    private static Object unwrap(Object value) {
        if (value instanceof Optional<?> o) {
            return o.orElse(null);
        }
        if (value instanceof OptionalLong o) {
            return o.isPresent() ? o.getAsLong() : null;
        }
        if (value instanceof OptionalInt o) {
            return o.isPresent() ? o.getAsInt() : null;
        }
        if (value instanceof OptionalDouble o) {
            return o.isPresent() ? o.getAsDouble() : null;
        }
        return value;
    }

    private static Object wrap(Class<?> type, Object value) {
        if (type == Optional.class) {
            return Optional.ofNullable(value);
        }
        if (type == OptionalLong.class) {
            return value == null ? OptionalLong.empty() : OptionalLong.of((Long) value);
        }
        if (type == OptionalInt.class) {
            return value == null ? OptionalInt.empty() : OptionalInt.of((Integer) value);
        }
        if (type == OptionalDouble.class) {
            return value == null ? OptionalDouble.empty() : OptionalDouble.of((Double) value);
        }
        return value;
    }
}
