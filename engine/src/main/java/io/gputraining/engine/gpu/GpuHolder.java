package io.gputraining.engine.gpu;

import io.gputraining.engine.runtime.Owner;
import java.io.IOException;
import java.io.Serializable;
import java.io.StringReader;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.Objects;
import java.util.Optional;
import java.util.Properties;

/**
 * Who holds a GPU: the text the holder gave (a build, a CLI run), its process, and since when. Recorded
 * next to each GPU's lock file so that a waiting run can name what it waits for.
 *
 * @param owner   what the holder said it is, e.g. {@code "train-resnet #42"}
 * @param process the holding process (host, pid, start time)
 * @param since   when the GPU was leased
 */
public record GpuHolder(String owner, Owner process, Instant since) implements Serializable {

    public GpuHolder {
        Objects.requireNonNull(owner, "owner");
        Objects.requireNonNull(process, "process");
        Objects.requireNonNull(since, "since");
    }

    /** How a message names this holder: {@code 'owner' (pid 123 on host h, since 2025-…Z)}. */
    public String describe() {
        return "'" + owner + "' (pid " + process.pid() + " on " + process.host() + ", since " + since + ")";
    }

    /** The recorded form, a properties text; {@link #parse} reads it back. */
    String toText() {
        Properties p = new Properties();
        p.setProperty("owner", owner);
        p.setProperty("process", process.label());
        p.setProperty("since", since.toString());
        StringWriter out = new StringWriter();
        try {
            p.store(out, "GPU lease holder; only informative, the OS file lock is what counts");
        } catch (IOException e) {
            throw new UncheckedIOException(e); // a StringWriter does not fail
        }
        return out.toString();
    }

    /** Reads {@link #toText()}; empty for anything it cannot read (a foreign or damaged file). */
    static Optional<GpuHolder> parse(String text) {
        Properties p = new Properties();
        try {
            p.load(new StringReader(text));
            String owner = p.getProperty("owner");
            Optional<Owner> process = Owner.fromLabel(p.getProperty("process"));
            String since = p.getProperty("since");
            if (owner == null || process.isEmpty() || since == null) {
                return Optional.empty();
            }
            return Optional.of(new GpuHolder(owner, process.get(), Instant.parse(since)));
        } catch (IOException | IllegalArgumentException | DateTimeParseException e) {
            return Optional.empty();
        }
    }
}
