package io.gputraining.engine.docker;

import com.github.dockerjava.api.DockerClient;
import com.github.dockerjava.api.command.PullImageCmd;
import com.github.dockerjava.api.exception.DockerException;
import com.github.dockerjava.api.exception.NotFoundException;
import com.github.dockerjava.api.model.AuthConfig;
import io.gputraining.engine.EngineException;
import io.gputraining.engine.LogSink;
import io.gputraining.engine.ProgressListener;
import io.gputraining.engine.image.ImageDigestNotFoundException;
import io.gputraining.engine.image.ImageRef;
import io.gputraining.engine.image.RegistryAuth;
import java.io.IOException;
import java.util.List;
import java.util.Optional;

/** One pull of a pinned image into the daemon, with progress, and the daemon's errors turned into ours. */
final class ImagePull {

    private final DockerClient docker;
    private Optional<PodmanPull> podman;

    ImagePull(DockerClient docker) {
        this.docker = docker;
    }

    /**
     * What a pull downloaded; {@code bytesKnown} is false where the runtime reports no byte counts (Podman), and
     * {@code bytes} is 0 then.
     */
    record Downloaded(int layers, long bytes, boolean bytesKnown) {
    }

    /**
     * Pulls {@code pinned} by its digest, so that what arrives is exactly that content even if the tag moves meanwhile.
     *
     * @throws ImageDigestNotFoundException when the registry has no such digest
     * @throws InterruptedException         when interrupted meanwhile (a Jenkins abort)
     */
    Downloaded pull(ImageRef pinned, Optional<RegistryAuth> auth, LogSink log, ProgressListener progress) throws InterruptedException {
        Optional<PodmanPull> podman = podman();
        if (podman.isPresent()) {
            log.message("Pulling " + pinned + " (Podman) ...");
            try {
                return new Downloaded(podman.get().pull(pinned, auth, log, progress).layersDownloaded(), 0, false);
            } catch (DockerException e) {
                throw pullFailed(pinned, DockerErrors.message(e), auth);
            }
        }
        log.message("Pulling " + pinned + " ...");
        PullImageCmd cmd = docker.pullImageCmd(pinned.fullName()).withTag(pinned.digest());
        auth.map(a -> RegistryAuthConfigs.apply(new AuthConfig().withRegistryAddress(pinned.registry()), a)).ifPresent(cmd::withAuthConfig);
        try (PullProgress callback = cmd.exec(new PullProgress("pull " + pinned, log, progress))) {
            callback.awaitCompletion();
            rethrowTransportError(callback, pinned);
            if (callback.error() != null) {
                throw pullFailed(pinned, callback.error(), auth);
            }
            return new Downloaded(callback.layersDownloaded(), callback.bytesDownloaded(), true);
        } catch (NotFoundException e) {
            throw new ImageDigestNotFoundException(pinned, DockerErrors.message(e));
        } catch (DockerException e) {
            throw pullFailed(pinned, DockerErrors.message(e), auth);
        } catch (IOException e) {
            throw new EngineException("Lost the connection to the Docker daemon while pulling " + pinned + ": " + e.getMessage(), e);
        }
    }

    /**
     * Points {@code ref}'s tag at {@code imageId}, as {@code docker pull NAME:TAG} leaves it, so that a later
     * {@code pull: missing} or {@code never} finds by tag what was pulled for it.
     */
    void tag(String imageId, ImageRef ref) throws InterruptedException {
        try {
            InterruptibleCall.run(() -> docker.tagImageCmd(imageId, ref.fullName(), ref.tagOrLatest()).withForce().exec());
        } catch (DockerException e) {
            throw new EngineException("Pulled " + ref + " but could not tag it in the daemon: " + DockerErrors.message(e), e);
        }
    }

    /** Podman's Docker-compatible pull cannot reach a plain-HTTP registry: its own pull call can ({@link PodmanPull}). */
    private synchronized Optional<PodmanPull> podman() {
        if (podman == null) {
            podman = PodmanPull.forDaemon(docker);
        }
        return podman;
    }

    private static void rethrowTransportError(PullProgress callback, ImageRef pinned) {
        try {
            callback.rethrowStreamError();
        } catch (NotFoundException e) {
            throw new ImageDigestNotFoundException(pinned, DockerErrors.message(e));
        }
    }

    private static EngineException pullFailed(ImageRef pinned, String daemonMessage, Optional<RegistryAuth> auth) {
        String lower = daemonMessage.toLowerCase();
        if (lower.contains("manifest unknown") || lower.contains("not found") || lower.contains("does not exist")) {
            return new ImageDigestNotFoundException(pinned, daemonMessage);
        }
        if (lower.contains("unauthorized") || lower.contains("authentication required") || lower.contains("denied")
                || lower.contains("no basic auth credentials")) {
            return new EngineException("The registry " + pinned.registry() + " refused to serve " + pinned + ": " + daemonMessage
                    + (auth.isPresent() ? ". Check that the credentials given are valid and may read this repository."
                                        : ". No credentials were given: log in to " + pinned.registry() + " (docker login "
                                          + pinned.registry() + ", or in Jenkins withDockerRegistry) and run again."));
        }
        return new EngineException("Pulling " + pinned + " failed: " + daemonMessage);
    }

    static String humanBytes(long bytes) {
        if (bytes < 1024) {
            return bytes + " B";
        }
        List<String> units = List.of("KiB", "MiB", "GiB", "TiB");
        double v = bytes;
        int u = -1;
        while (v >= 1024 && u < units.size() - 1) {
            v /= 1024;
            u++;
        }
        return String.format(java.util.Locale.ROOT, "%.1f %s", v, units.get(u));
    }
}
