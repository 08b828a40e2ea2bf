package io.gputraining.engine.docker;

import static org.assertj.core.api.Assertions.assertThat;

import com.github.dockerjava.api.model.DeviceRequest;
import io.gputraining.engine.runtime.GpuRequest;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The device requests sent for each way of asking for GPUs, as `docker run --gpus` would send them. */
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
}
