package io.gputraining.engine.testing;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.ObjectInputStream;
import java.io.ObjectOutputStream;
import java.lang.reflect.RecordComponent;
import java.util.Objects;
import java.util.function.UnaryOperator;

/**
 * Checks that a copy of a record (a {@code toBuilder().build()}, a trip over the remoting channel) keeps every one
 * of its components, found by reflection, so that a component added later cannot be dropped on the way unnoticed.
 */
public final class RecordCopies {

    private RecordCopies() {
    }

    /**
     * @param sample   a record whose every component differs from {@code defaults}: a component the copy drops
     *                 (falls back to its default) then shows as a difference
     * @param defaults the record the builder gives with only the required components set
     * @param copy     the copy under test
     */
    public static <R extends Record> void assertCopyKeepsEveryComponent(R sample, R defaults, UnaryOperator<R> copy) {
        R copied = copy.apply(sample);
        for (RecordComponent component : sample.getClass().getRecordComponents()) {
            Object value = value(component, sample);
            assertThat(value).as("test data: give %s.%s a value other than its default, or a dropped %s would not show",
                    sample.getClass().getSimpleName(), component.getName(), component.getName())
                    .isNotEqualTo(value(component, defaults));
            assertThat(value(component, copied)).as("%s.%s after the copy", sample.getClass().getSimpleName(), component.getName())
                    .isEqualTo(value);
        }
        assertThat(copied).isEqualTo(sample);
    }

    /** The value after Java serialization and back, as Jenkins remoting sends it to an agent. */
    @SuppressWarnings("unchecked")
    public static <T> T serializedAndBack(T value) {
        try {
            ByteArrayOutputStream bytes = new ByteArrayOutputStream();
            try (ObjectOutputStream out = new ObjectOutputStream(bytes)) {
                out.writeObject(value);
            }
            try (ObjectInputStream in = new ObjectInputStream(new ByteArrayInputStream(bytes.toByteArray()))) {
                return (T) in.readObject();
            }
        } catch (IOException | ClassNotFoundException e) {
            throw new AssertionError("could not serialize " + Objects.toString(value) + " and read it back", e);
        }
    }

    private static Object value(RecordComponent component, Record record) {
        try {
            return component.getAccessor().invoke(record);
        } catch (ReflectiveOperationException e) {
            throw new AssertionError("cannot read " + component.getName() + " of " + record.getClass().getSimpleName(), e);
        }
    }
}
