package io.gputraining.engine.docker;

import com.github.dockerjava.api.command.InspectImageResponse;
import io.gputraining.engine.image.ImageId;
import io.gputraining.engine.image.ImageRef;
import io.gputraining.engine.image.InvalidImageReferenceException;
import java.util.List;
import java.util.Optional;

/**
 * An image as the daemon lists it: its ID and the manifest digests it recorded when the image was pulled from, or
 * pushed to, a registry ({@code RepoDigests}). An image built or loaded here and never pushed has none.
 *
 * @param id          {@code sha256:<hex>}
 * @param repoDigests {@code name@sha256:<hex>}, in the daemon's (familiar) spelling
 */
record DaemonImage(String id, List<String> repoDigests) {

    DaemonImage {
        repoDigests = List.copyOf(repoDigests);
    }

    static DaemonImage of(InspectImageResponse inspected) {
        List<String> digests = inspected.getRepoDigests();
        return new DaemonImage(inspected.getId(), digests == null ? List.of() : digests);
    }

    ImageId imageId() {
        return new ImageId(id);
    }

    /** The ID as {@code docker images} prints it: 12 hex digits. */
    String shortId() {
        return imageId().shortId();
    }

    /**
     * {@code ref} pinned to the digest this daemon recorded for the image in {@code ref}'s repository, or empty
     * when the image never came from (or went to) that repository.
     */
    Optional<ImageRef> pinnedIn(ImageRef ref) {
        for (String entry : repoDigests) {
            try {
                ImageRef recorded = ImageRef.parse(entry);
                if (recorded.isPinned() && recorded.fullName().equals(ref.fullName())) {
                    return Optional.of(ref.withDigest(recorded.digest()));
                }
            } catch (InvalidImageReferenceException e) {
                // "<none>@<none>" and the like: not a pin of anything
            }
        }
        return Optional.empty();
    }
}
