package io.gputraining.engine.launch;

import io.gputraining.engine.EngineException;
import io.gputraining.engine.preflight.host.GpuInfo;
import io.gputraining.engine.preflight.host.HostGpuInventory;
import io.gputraining.engine.runtime.GpuRequest;
import java.util.ArrayList;
import java.util.List;

/**
 * Leases are kept by GPU UUID, the one id every process on the host agrees on (indexes depend on
 * CUDA_VISIBLE_DEVICES and enumeration order); users may still write indexes.
 */
final class GpuIds {

    private GpuIds() {
    }

    /** The request with every explicit id (an index or a UUID) turned into the GPU's UUID; unknown ids are refused. */
    static GpuRequest toUuids(GpuRequest request, HostGpuInventory inventory) {
        if (request.deviceIds().isEmpty()) {
            return request;
        }
        List<String> uuids = new ArrayList<>();
        for (String id : request.deviceIds()) {
            GpuInfo gpu = inventory.gpu(id).orElseThrow(() -> new EngineException("GPU '" + id + "' is not on this agent, which has "
                    + inventory.gpus().stream().map(g -> g.index() + " (" + g.uuid() + ")").toList() + "."));
            uuids.add(gpu.uuid());
        }
        return GpuRequest.ids(uuids);
    }
}
