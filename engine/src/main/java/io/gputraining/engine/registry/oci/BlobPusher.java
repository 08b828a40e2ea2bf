package io.gputraining.engine.registry.oci;

import io.gputraining.engine.LogSink;
import io.gputraining.engine.ProgressListener;
import io.gputraining.engine.ProgressListener.Progress;
import io.gputraining.engine.image.RegistryResponseException;
import java.io.IOException;
import java.time.Duration;
import java.util.Locale;
import java.util.Optional;

/**
 * Puts one blob into the repository and proves it is there: skipped when the registry has it already
 * ({@code HEAD}), else streamed (the registry checks the digest), then {@code HEAD} again to confirm the size.
 */
final class BlobPusher {

    private final RepositoryClient client;
    private final LogSink log;
    private final ProgressListener progress;
    private final String task;
    private final Duration requestTimeout;
    private final long minimumBytesPerSecond;

    /**
     * @param task                  what progress is reported under ({@code push host/repo})
     * @param requestTimeout        the time any request may take, to which an upload adds its size at
     * @param minimumBytesPerSecond the slowest upload rate tolerated before a stalled upload is abandoned
     */
    BlobPusher(RepositoryClient client, LogSink log, ProgressListener progress, String task, Duration requestTimeout,
               long minimumBytesPerSecond) {
        this.client = client;
        this.log = log;
        this.progress = progress;
        this.task = task;
        this.requestTimeout = requestTimeout;
        this.minimumBytesPerSecond = minimumBytesPerSecond;
    }

    /** @return true when it was uploaded now, false when the registry already had it */
    boolean push(Blob blob) throws IOException, InterruptedException {
        Optional<Long> there = client.blobSize(blob.digest());
        if (there.isPresent() && there.get() == blob.size()) {
            progress.progress(new Progress(task, item(blob), "exists", blob.size(), blob.size()));
            log.message("  " + blob.name() + ": already in the registry (" + blob.digest() + "), skipped");
            return false;
        }
        // A blob with the right digest and the wrong size cannot be: upload it again and let the verify below judge.
        Duration timeout = requestTimeout.plusSeconds(blob.size() / minimumBytesPerSecond);
        client.putBlob(blob.name(), blob.digest(), blob.body(task, progress), timeout);
        long stored = client.blobSize(blob.digest()).orElseThrow(() -> new RegistryResponseException("HEAD blob " + blob.digest(),
                404, "the registry does not have " + blob.name() + " right after accepting its upload",
                "The registry's storage is misbehaving; tell its operator."));
        if (stored != blob.size()) {
            throw new RegistryResponseException("HEAD blob " + blob.digest(), 200, "the registry holds " + stored + " bytes for "
                    + blob.name() + ", which has " + blob.size(), "The registry's storage is misbehaving; tell its operator.");
        }
        progress.progress(new Progress(task, item(blob), "verified", blob.size(), blob.size()));
        log.message("  " + blob.name() + ": uploaded " + size(blob.size()) + " (" + blob.digest() + "), verified");
        return true;
    }

    // The item FileBodyPublisher reports the upload under, so that a listener sees one item go through its states.
    private static String item(Blob blob) {
        return blob.name().substring(blob.name().lastIndexOf('/') + 1);
    }

    static String size(long bytes) {
        if (bytes < 1024) {
            return bytes + " B";
        }
        String[] units = {"KiB", "MiB", "GiB", "TiB"};
        double value = bytes;
        int unit = -1;
        while (value >= 1024 && unit < units.length - 1) {
            value /= 1024;
            unit++;
        }
        return String.format(Locale.ROOT, "%.1f %s", value, units[unit]);
    }
}
