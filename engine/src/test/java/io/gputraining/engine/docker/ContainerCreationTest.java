package io.gputraining.engine.docker;

import static org.assertj.core.api.Assertions.assertThat;

import com.github.dockerjava.api.model.DeviceRequest;
import io.gputraining.engine.runtime.GpuRequest;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The device requests sent for each way of asking for GPUs, as `docker run --gpus` and `--device` would send them. */
class ContainerCreationTest {

    @Test
    void allGpusIsCountMinusOneWithTheNvidiaDriverAndGpuCapability() {
        DeviceRequest request = DockerContainerCreate.deviceRequest(GpuRequest.all());

        assertThat(request.getDriver()).isEqualTo("nvidia");
        assertThat(request.getCount()).isEqualTo(-1);
        assertThat(request.getDeviceIds()).isNullOrEmpty();
        assertThat(request.getCapabilities()).containsExactly(List.of("gpu"));
    }

    @Test
    void aCountIsSentAsCount() {
        assertThat(DockerContainerCreate.deviceRequest(GpuRequest.count(2)).getCount()).isEqualTo(2);
    }

    @Test
    void explicitIdsAreSentAsDeviceIdsWithoutCount() {
        DeviceRequest request = DockerContainerCreate.deviceRequest(GpuRequest.parse("0,GPU-f90262c0-4579-dbde-c3d1-c3c89e863339"));

        assertThat(request.getDeviceIds()).containsExactly("0", "GPU-f90262c0-4579-dbde-c3d1-c3c89e863339");
        assertThat(request.getCount()).isNull();
    }

    @Test
    void cdiDevicesGoToDocker25AsTheCdiDriversDeviceIds() {
        DeviceRequest request = DockerContainerCreate.cdiRequest(List.of("nvidia.com/gpu=0", "nvidia.com/gpu=GPU-1"));

        assertThat(request.getDriver()).isEqualTo("cdi");
        assertThat(request.getDeviceIds()).containsExactly("nvidia.com/gpu=0", "nvidia.com/gpu=GPU-1");
        assertThat(request.getCount()).isNull();
    }

    @Test
    void theDaemonsOwnMessageIsReadFromDockersAndPodmansErrorDocuments() {
        assertThat(DockerErrors.message(new com.github.dockerjava.api.exception.InternalServerErrorException(
                "Status 500: {\"message\":\"could not select device driver \\\"\\\" with capabilities: [[gpu]]\"}")))
                .isEqualTo("could not select device driver \"\" with capabilities: [[gpu]]");
        assertThat(DockerErrors.message(PodmanApi.failure(500,
                "{\"cause\":\"image not known\",\"message\":\"x:never: image not known\",\"response\":500}")))
                .isEqualTo("x:never: image not known");
    }

    @Test
    void podmansImageNotKnownIsNotFoundAsOnDocker() {
        assertThat(PodmanApi.failure(500, "{\"cause\":\"image not known\",\"message\":\"x: image not known\",\"response\":500}"))
                .isInstanceOf(com.github.dockerjava.api.exception.NotFoundException.class);
    }
}
