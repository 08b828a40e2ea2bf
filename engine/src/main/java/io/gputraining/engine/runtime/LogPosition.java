package io.gputraining.engine.runtime;

import java.io.Serializable;
import java.time.Instant;

/**
 * How far a container's log has been read: the daemon's timestamp of the last log entry read, and how many entries
 * with exactly that timestamp were read (two entries can share one). A value the reader keeps, so that after a
 * restart it reads on from where it stopped, neither losing nor repeating lines.
 *
 * @param lastEntry the timestamp of the last entry read; null before the first
 * @param readAtLast how many entries stamped {@code lastEntry} were read
 */
public record LogPosition(Instant lastEntry, int readAtLast) implements Serializable {

    /** Nothing read yet. */
    public static final LogPosition START = new LogPosition(null, 0);

    /** Whether an entry stamped {@code stamp}, the {@code index}-th (from 0) of that stamp in the log, was read. */
    public boolean hasRead(Instant stamp, int index) {
        if (lastEntry == null) {
            return false;
        }
        int order = stamp.compareTo(lastEntry);
        return order < 0 || order == 0 && index < readAtLast;
    }

    /** The position after reading an entry stamped {@code stamp}. */
    public LogPosition after(Instant stamp) {
        return stamp.equals(lastEntry) ? new LogPosition(stamp, readAtLast + 1) : new LogPosition(stamp, 1);
    }
}
