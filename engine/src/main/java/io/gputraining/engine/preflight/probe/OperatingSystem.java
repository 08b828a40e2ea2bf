package io.gputraining.engine.preflight.probe;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import java.io.Serializable;

/**
 * The kernel the container ran on, as Python's {@code platform} module reports it.
 *
 * @param system  e.g. {@code "Linux"}
 * @param release the kernel release, e.g. {@code "6.18.44-fc-v657-gpu"}
 * @param machine e.g. {@code "x86_64"}
 */
@JsonIgnoreProperties(ignoreUnknown = true)
public record OperatingSystem(String system, String release, String machine) implements Serializable {
}
