package io.gputraining.engine.registry.local;

import java.io.IOException;

/**
 * A file's content is not what it was when it was selected: something wrote to it in between. Thrown before
 * the content is stored under the digest it does not have.
 */
final class ArtifactChangedException extends IOException {
    private static final long serialVersionUID = 1L;

    ArtifactChangedException(String path, String localPath, String expectedSha256, long expectedSize,
                             String actualSha256, long actualSize) {
        super("the artifact '" + path + "' (" + localPath + ") changed after it was selected: it had " + expectedSize
                + " bytes with sha256 " + expectedSha256 + ", now " + actualSize + " bytes with sha256 " + actualSha256
                + ". Something still writes it: let the training finish writing (and close) its files before the"
                + " artifacts are collected, then register again");
    }
}
