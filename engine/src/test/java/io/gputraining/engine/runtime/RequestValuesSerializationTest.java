package io.gputraining.engine.runtime;

import static org.assertj.core.api.Assertions.assertThat;

import io.gputraining.engine.image.ImageId;
import io.gputraining.engine.image.ImageRef;
import io.gputraining.engine.image.ImageRequest;
import io.gputraining.engine.image.PreparedImage;
import io.gputraining.engine.image.PullPolicy;
import io.gputraining.engine.image.RegistryAuth;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.ObjectInputStream;
import java.io.ObjectOutputStream;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Requests and results cross Jenkins remoting by Java serialization: each must survive a round trip. */
class RequestValuesSerializationTest {

    @Test
    void containerSpecRoundTrips() throws Exception {
        ContainerSpec spec = ContainerSpec.builder("127.0.0.1:5000/pt@sha256:" + "a".repeat(64))
                .command("python3", "train.py").env("EPOCHS", "3").mount(Mount.samePath("/ws")).workingDir("/ws")
                .user("1000:1000").gpus(GpuRequest.parse("0,1")).ipcMode("host").memoryBytes(1 << 30)
                .owner("https://ci/job/x/1/").label("team", "ml")
                .file(new FileToCopy("/opt/probe.py", new byte[] {1, 2, 3}, 0644))
                .build();

        assertThat(roundTrip(spec)).isEqualTo(spec);
    }

    @Test
    void imageValuesRoundTrip() throws Exception {
        ImageRef ref = ImageRef.parse("pytorch/pytorch:2.5.1-cuda12.4-cudnn9-runtime");
        ImageRequest request = ImageRequest.builder(ref).requirePinned(true).pull(PullPolicy.MISSING)
                .auth(RegistryAuth.usernamePassword("bob", "s3cret")).build();
        PreparedImage prepared = new PreparedImage(ref, ref.withDigest("sha256:" + "b".repeat(64)), "sha256:" + "c".repeat(64),
                PreparedImage.Origin.PULLED, 123, Duration.ofMillis(456));
        ImageId id = ImageId.parse("c".repeat(64));
        PreparedImage local = new PreparedImage(ref, id, id.value(), PreparedImage.Origin.LOCAL_ONLY, 0, Duration.ofMillis(7));

        assertThat(roundTrip(request)).isEqualTo(request);
        assertThat(roundTrip(prepared)).isEqualTo(prepared);
        assertThat(roundTrip(local)).isEqualTo(local);
        assertThat(roundTrip(ImageRequest.builder(id).build())).isEqualTo(ImageRequest.builder(id).build());
    }

    @Test
    void resultsRoundTrip() throws Exception {
        RunResult result = new RunResult(137, true, "abc", Duration.ofSeconds(3));
        ExecSpec exec = new ExecSpec(List.of("sh", "-c", "true"), java.util.Map.of("A", "b"), "/ws", null);

        assertThat(roundTrip(result)).isEqualTo(result);
        assertThat(roundTrip(exec)).isEqualTo(exec);
    }

    @SuppressWarnings("unchecked")
    private static <T> T roundTrip(T value) throws Exception {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (ObjectOutputStream out = new ObjectOutputStream(bytes)) {
            out.writeObject(value);
        }
        try (ObjectInputStream in = new ObjectInputStream(new ByteArrayInputStream(bytes.toByteArray()))) {
            return (T) in.readObject();
        }
    }
}
