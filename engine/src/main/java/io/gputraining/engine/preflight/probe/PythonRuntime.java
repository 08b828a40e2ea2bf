package io.gputraining.engine.preflight.probe;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import java.io.Serializable;

/**
 * The Python that ran the probe inside the image.
 *
 * @param version        e.g. {@code "3.12.3"}
 * @param implementation e.g. {@code "CPython"}
 * @param executable     e.g. {@code "/opt/torch/.venv/bin/python3"}
 */
@JsonIgnoreProperties(ignoreUnknown = true)
public record PythonRuntime(String version, String implementation, String executable) implements Serializable {
}
