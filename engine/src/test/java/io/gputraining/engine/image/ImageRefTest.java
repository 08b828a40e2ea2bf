package io.gputraining.engine.image;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.ObjectInputStream;
import java.io.ObjectOutputStream;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.HexFormat;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.NullAndEmptySource;
import org.junit.jupiter.params.provider.ValueSource;

class ImageRefTest {

    /** docker.io/library/busybox:latest as quoted in the distribution project's reference package. */
    private static final String HEX64 = "7cc4b5aefd1d0cadf8d97d4350462ba51c694ebca145b08d7d41b41acc8db5aa";
    private static final String BUSYBOX = "sha256:" + HEX64;

    private static String digestOf(String algorithm, String content) throws Exception {
        byte[] hash = MessageDigest.getInstance(algorithm).digest(content.getBytes(StandardCharsets.UTF_8));
        return algorithm.replace("-", "").toLowerCase() + ":" + HexFormat.of().formatHex(hash);
    }

    @Test
    void aShortNameIsAnOfficialDockerHubImage() {
        ImageRef ref = ImageRef.parse("ubuntu");

        assertThat(ref).isEqualTo(new ImageRef("docker.io", "library/ubuntu", null, null));
        assertThat(ref.tagOrLatest()).isEqualTo("latest");
        assertThat(ref.tagIfAny()).isEmpty();
        assertThat(ref.isPinned()).isFalse();
    }

    @Test
    void aTwoPartNameIsAUserRepositoryOnDockerHub() {
        ImageRef ref = ImageRef.parse("pytorch/pytorch:2.5.1-cuda12.4-cudnn9-runtime");

        assertThat(ref).isEqualTo(new ImageRef("docker.io", "pytorch/pytorch", "2.5.1-cuda12.4-cudnn9-runtime", null));
        assertThat(ref.familiarName()).isEqualTo("pytorch/pytorch");
        assertThat(ref.fullName()).isEqualTo("docker.io/pytorch/pytorch");
    }

    @ParameterizedTest
    @ValueSource(strings = {"docker.io/library/ubuntu", "docker.io/ubuntu", "index.docker.io/library/ubuntu",
            "index.docker.io/ubuntu"})
    void spelledOutDockerHubNamesNormaliseToTheShortOne(String reference) {
        assertThat(ImageRef.parse(reference)).isEqualTo(ImageRef.parse("ubuntu"));
        assertThat(ImageRef.parse(reference)).hasToString("ubuntu");
    }

    @Test
    void aRegistryWithPortTagAndDigestIsSplitIntoItsParts() {
        ImageRef ref = ImageRef.parse("127.0.0.1:5000/a/b:tag@" + BUSYBOX);

        assertThat(ref).isEqualTo(new ImageRef("127.0.0.1:5000", "a/b", "tag", BUSYBOX));
        assertThat(ref.isPinned()).isTrue();
    }

    @Test
    void aRegistryPortIsNotTakenForATag() {
        ImageRef ref = ImageRef.parse("127.0.0.1:5000/team/model");

        assertThat(ref.registry()).isEqualTo("127.0.0.1:5000");
        assertThat(ref.repository()).isEqualTo("team/model");
        assertThat(ref.tag()).isNull();
    }

    @Test
    void localhostIsARegistryAndGetsNoLibraryPrefix() {
        assertThat(ImageRef.parse("localhost/x")).isEqualTo(new ImageRef("localhost", "x", null, null));
        assertThat(ImageRef.parse("localhost:5000/x:1")).isEqualTo(new ImageRef("localhost:5000", "x", "1", null));
    }

    @Test
    void anIpv6RegistryWithPortIsARegistry() {
        assertThat(ImageRef.parse("[::1]:5000/x:1")).isEqualTo(new ImageRef("[::1]:5000", "x", "1", null));
    }

    @Test
    void aFirstPartWithUpperCaseIsARegistryAsInDocker() {
        assertThat(ImageRef.parse("MyRegistry/team/app").registry()).isEqualTo("MyRegistry");
    }

    @Test
    void aDigestWithoutTagPinsTheImage() {
        ImageRef ref = ImageRef.parse("busybox@" + BUSYBOX);

        assertThat(ref.tag()).isNull();
        assertThat(ref.digest()).isEqualTo(BUSYBOX);
        assertThat(ref).hasToString("busybox@" + BUSYBOX);
        assertThat(ref.daemonReference()).isEqualTo("docker.io/library/busybox@" + BUSYBOX);
    }

    @Test
    void sha384AndSha512DigestsAreAccepted() throws Exception {
        String sha384 = digestOf("SHA-384", "{}");
        String sha512 = digestOf("SHA-512", "{}");

        assertThat(ImageRef.parse("busybox@" + sha384).digest()).isEqualTo(sha384);
        assertThat(ImageRef.parse("busybox@" + sha512).digest()).isEqualTo(sha512);
    }

    @ParameterizedTest
    @ValueSource(strings = {"@" + BUSYBOX, BUSYBOX, "7cc4b5aefd1d0cadf8d97d4350462ba51c694ebca145b08d7d41b41acc8db5aa"})
    void aDigestOrImageIdWithoutNameIsRefused(String reference) {
        assertThatThrownBy(() -> ImageRef.parse(reference))
                .isInstanceOf(InvalidImageReferenceException.class)
                .hasMessageStartingWith("Invalid image reference '" + reference + "'")
                .hasMessageContaining("repository name");
    }

    @ParameterizedTest
    @NullAndEmptySource
    @ValueSource(strings = {"   ", "\t"})
    void anEmptyReferenceIsRefused(String reference) {
        assertThatThrownBy(() -> ImageRef.parse(reference))
                .isInstanceOf(InvalidImageReferenceException.class).hasMessageContaining("it is empty");
    }

    @ParameterizedTest
    @ValueSource(strings = {" ubuntu", "ubuntu ", "ubu ntu", "ubuntu\n", "ubuntu:22.04 "})
    void whitespaceIsRefused(String reference) {
        assertThatThrownBy(() -> ImageRef.parse(reference))
                .isInstanceOf(InvalidImageReferenceException.class).hasMessageContaining("whitespace");
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
            "Ubuntu                 | repository 'Ubuntu' is not a valid name (repository names are lower case)",
            "pytorch/PyTorch:2.5.1  | repository 'pytorch/PyTorch' is not a valid name (repository names are lower case)",
            "/ubuntu                | repository '/ubuntu' is not a valid name",
            "ubuntu/                | repository 'ubuntu/' is not a valid name",
            "team//app              | repository 'team//app' is not a valid name",
            "-ubuntu                | repository '-ubuntu' is not a valid name",
            "ubuntu-                | repository 'ubuntu-' is not a valid name",
            "a___b                  | repository 'a___b' is not a valid name",
            ":latest                | it has no repository name",
            "exa_mple.com/app       | registry 'exa_mple.com' is not a host name",
            "example.com:50x0/app   | registry 'example.com:50x0' is not a host name",
            "example.com:123456/app | registry 'example.com:123456' is not a host name"})
    void badNamesAreRefusedWithTheReason(String reference, String reason) {
        assertThatThrownBy(() -> ImageRef.parse(reference))
                .isInstanceOf(InvalidImageReferenceException.class)
                .hasMessage("Invalid image reference '" + reference + "': " + reason + ".");
    }

    @ParameterizedTest
    @ValueSource(strings = {"ubuntu:", "ubuntu:-rc1", "ubuntu:.hidden", "ubuntu:a+b", "127.0.0.1:5000/a:"})
    void badTagsAreRefused(String reference) {
        String tag = reference.substring(reference.lastIndexOf(':') + 1);

        assertThatThrownBy(() -> ImageRef.parse(reference))
                .isInstanceOf(InvalidImageReferenceException.class)
                .hasMessageContaining("tag '" + tag + "' must be 1-128 of letters, digits");
    }

    @Test
    void aTagMayHave128CharactersButNot129() {
        String tag128 = "v" + "x".repeat(127);

        assertThat(ImageRef.parse("ubuntu:" + tag128).tag()).isEqualTo(tag128);
        assertThatThrownBy(() -> ImageRef.parse("ubuntu:" + tag128 + "x")).isInstanceOf(InvalidImageReferenceException.class);
    }

    @Test
    void aTagMayHoldUpperCaseAndUnderscores() {
        assertThat(ImageRef.parse("ubuntu:_Jammy.2024-01").tag()).isEqualTo("_Jammy.2024-01");
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
            "ubuntu@                | digest '' must look like sha256:<64 hex digits>",
            "ubuntu@sha256:abc123   | digest 'sha256:abc123' must look like sha256:<64 hex digits>",
            "ubuntu@SHA256:" + HEX64 + " | must look like sha256:<64 hex digits>",
            "ubuntu@sha256-" + HEX64 + " | must look like sha256:<64 hex digits>",
            "ubuntu@sha256:" + HEX64 + "0 | sha256 digest must be 64 lower-case hex digits",
            "ubuntu@sha256:7CC4B5AEFD1D0CADF8D97D4350462BA51C694EBCA145B08D7D41B41ACC8DB5AA | sha256 digest must be 64 lower-case hex digits",
            "ubuntu@sha256:" + HEX64 + "@sha256:" + HEX64 + " | must look like sha256:<64 hex digits>",
            "ubuntu@sha512:" + HEX64 + " | sha512 digest must be 128 lower-case hex digits",
            "ubuntu@md5:d41d8cd98f00b204e9800998ecf8427e | digest algorithm 'md5' is not supported"})
    void badDigestsAreRefused(String reference, String reason) {
        assertThatThrownBy(() -> ImageRef.parse(reference))
                .isInstanceOf(InvalidImageReferenceException.class)
                .hasMessageStartingWith("Invalid image reference '" + reference + "'")
                .hasMessageContaining(reason);
    }

    @Test
    void aRepositoryMayHave255CharactersButNot256() {
        String name255 = "team/" + "a".repeat(250);

        assertThat(ImageRef.parse(name255).repository()).hasSize(255);
        assertThatThrownBy(() -> ImageRef.parse(name255 + "a"))
                .isInstanceOf(InvalidImageReferenceException.class).hasMessageContaining("at most 255");
    }

    @ParameterizedTest
    @ValueSource(strings = {"ubuntu", "ubuntu:22.04", "pytorch/pytorch:2.5.1-cuda12.4-cudnn9-runtime",
            "busybox@" + BUSYBOX, "busybox:latest@" + BUSYBOX, "127.0.0.1:5000/a/b:tag@" + BUSYBOX, "localhost/x",
            "ghcr.io/org/team/trainer:v1", "library/team/app", "[::1]:5000/x"})
    void printsTheFamiliarFormItWasParsedFrom(String reference) {
        ImageRef ref = ImageRef.parse(reference);

        assertThat(ref).hasToString(reference);
        assertThat(ImageRef.parse(ref.toString())).isEqualTo(ref);
    }

    @Test
    void onlyOfficialImagesLoseTheLibraryPrefix() {
        assertThat(ImageRef.parse("ubuntu").familiarName()).isEqualTo("ubuntu");
        assertThat(ImageRef.parse("docker.io/library/team/app").familiarName()).isEqualTo("library/team/app");
    }

    @Test
    void otherRegistriesKeepTheirNameInTheFamiliarForm() {
        assertThat(ImageRef.parse("nvcr.io/nvidia/pytorch:24.10-py3").familiarName()).isEqualTo("nvcr.io/nvidia/pytorch");
    }

    @Test
    void theDaemonGetsTheFullNameWithTagOrLatest() {
        assertThat(ImageRef.parse("ubuntu").daemonReference()).isEqualTo("docker.io/library/ubuntu:latest");
        assertThat(ImageRef.parse("pytorch/pytorch:2.5.1-cuda12.4-cudnn9-runtime").daemonReference())
                .isEqualTo("docker.io/pytorch/pytorch:2.5.1-cuda12.4-cudnn9-runtime");
    }

    @Test
    void theDaemonGetsOnlyTheDigestOfAPinnedReference() {
        assertThat(ImageRef.parse("127.0.0.1:5000/a/b:tag@" + BUSYBOX).daemonReference())
                .isEqualTo("127.0.0.1:5000/a/b@" + BUSYBOX);
    }

    @Test
    void withDigestPinsAndKeepsTheTag() {
        ImageRef tagged = ImageRef.parse("pytorch/pytorch:2.5.1-cuda12.4-cudnn9-runtime");

        ImageRef pinned = tagged.withDigest(BUSYBOX);

        assertThat(pinned).isEqualTo(new ImageRef("docker.io", "pytorch/pytorch", "2.5.1-cuda12.4-cudnn9-runtime", BUSYBOX));
        assertThat(pinned).hasToString("pytorch/pytorch:2.5.1-cuda12.4-cudnn9-runtime@" + BUSYBOX);
        assertThat(tagged.isPinned()).isFalse();
    }

    @Test
    void withDigestRefusesABadDigest() {
        ImageRef ref = ImageRef.parse("ubuntu");

        assertThatThrownBy(() -> ref.withDigest("sha256:1234")).isInstanceOf(InvalidImageReferenceException.class)
                .hasMessageContaining("docker.io/library/ubuntu@sha256:1234");
    }

    @Test
    void theConstructorValidatesLikeParse() {
        assertThatThrownBy(() -> new ImageRef("docker.io", "library/Ubuntu", null, null))
                .isInstanceOf(InvalidImageReferenceException.class).hasMessageContaining("lower-case");
        assertThatThrownBy(() -> new ImageRef("bad_host", "x", null, null))
                .isInstanceOf(InvalidImageReferenceException.class).hasMessageContaining("not a host name");
        assertThatThrownBy(() -> new ImageRef("docker.io", "library/ubuntu", ".bad", null))
                .isInstanceOf(InvalidImageReferenceException.class).hasMessageContaining("tag '.bad'");
    }

    @Test
    void survivesJavaSerialization() throws Exception {
        ImageRef ref = ImageRef.parse("127.0.0.1:5000/a/b:tag@" + BUSYBOX);
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (ObjectOutputStream out = new ObjectOutputStream(bytes)) {
            out.writeObject(ref);
        }

        try (ObjectInputStream in = new ObjectInputStream(new ByteArrayInputStream(bytes.toByteArray()))) {
            assertThat(in.readObject()).isEqualTo(ref);
        }
    }
}
