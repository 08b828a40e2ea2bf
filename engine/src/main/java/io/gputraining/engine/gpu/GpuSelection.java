package io.gputraining.engine.gpu;

import io.gputraining.engine.runtime.GpuRequest;
import java.util.List;

/**
 * What a request means on one host: take {@code needed} GPUs out of {@code candidates} (in inventory order).
 * "All" and explicit ids need every candidate; a count needs that many of the whole inventory.
 *
 * @param request    the request as the user wrote it, for messages
 * @param candidates the GPUs that may be taken, in inventory order
 * @param needed     how many of them; 0 for none
 */
record GpuSelection(String request, List<String> candidates, int needed) {

    GpuSelection {
        candidates = List.copyOf(candidates);
    }

    /**
     * @throws InvalidGpuRequestException when the host can never satisfy the request
     */
    static GpuSelection of(GpuRequest request, List<String> inventory) {
        String text = request.toString();
        if (request.wantsNone()) {
            return new GpuSelection(text, List.of(), 0);
        }
        if (request.wantsAll()) {
            if (inventory.isEmpty()) {
                throw new InvalidGpuRequestException("The run asks for all GPUs, but this host has none."
                        + " Run it on a GPU agent, or ask for no GPUs.");
            }
            return new GpuSelection(text, inventory, inventory.size());
        }
        if (request.deviceIds().isEmpty()) {
            if (request.count() > inventory.size()) {
                throw new InvalidGpuRequestException("The run asks for " + request.count() + " GPUs, but this host has "
                        + (inventory.isEmpty() ? "none" : "only " + inventory.size() + " " + inventory)
                        + ". Ask for at most " + inventory.size() + ", or run it on a host with more GPUs.");
            }
            return new GpuSelection(text, inventory, request.count());
        }
        List<String> unknown = request.deviceIds().stream().filter(id -> !inventory.contains(id)).distinct().toList();
        if (!unknown.isEmpty()) {
            throw new InvalidGpuRequestException("The run asks for GPU " + String.join(", ", unknown)
                    + ", which this host does not have; its GPUs are "
                    + (inventory.isEmpty() ? "none" : inventory.toString())
                    + ". Use ids from that list (the same form, index or UUID), or ask for a count instead.");
        }
        List<String> wanted = inventory.stream().filter(request.deviceIds()::contains).toList();
        return new GpuSelection(text, wanted, wanted.size());
    }
}
