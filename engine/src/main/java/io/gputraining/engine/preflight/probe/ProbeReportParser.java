package io.gputraining.engine.preflight.probe;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;
import java.nio.charset.StandardCharsets;

/**
 * Reads the probe's stdout into an {@link ImageProbeReport}. Fields it does not know are ignored, so a
 * newer probe with extra facts still reads; a report of another schema version is refused, because its
 * known fields may mean something else.
 */
public final class ProbeReportParser {

    /** The report layout this engine reads; the probe script shipped with it writes the same. */
    public static final int SCHEMA_VERSION = 1;

    private final ObjectMapper mapper = JsonMapper.builder()
            .disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
            .build();

    /**
     * @param json the probe's whole stdout
     * @throws ProbeReportFormatException when it is not one JSON report of {@link #SCHEMA_VERSION}
     */
    public ImageProbeReport parse(String json) {
        if (json == null || json.isBlank()) {
            throw new ProbeReportFormatException("The GPU probe printed nothing on stdout: it did not run to its end. "
                    + "Look at its stderr in the build log; check that the image has python3.");
        }
        ImageProbeReport report;
        try {
            report = mapper.readValue(json, ImageProbeReport.class);
        } catch (JsonProcessingException e) {
            throw new ProbeReportFormatException("The GPU probe's output is not its JSON report (" + e.getOriginalMessage()
                    + "). It begins: " + excerpt(json) + " — something in the image wrote to stdout before the "
                    + "probe could redirect it, or the probe was cut off.", e);
        }
        if (report == null || report.schemaVersion() != SCHEMA_VERSION) {
            throw new ProbeReportFormatException("The GPU probe wrote a report of schema version "
                    + (report == null ? "none" : report.schemaVersion()) + " but this engine reads version "
                    + SCHEMA_VERSION + ": the probe script and the engine come from different builds. "
                    + "Use the probe script shipped with this engine (ProbeScript.load()).");
        }
        return report;
    }

    /** Like {@link #parse(String)}, for the raw bytes of the probe's stdout (UTF-8). */
    public ImageProbeReport parse(byte[] utf8) {
        return parse(new String(utf8, StandardCharsets.UTF_8));
    }

    private static String excerpt(String text) {
        String oneLine = text.strip().replaceAll("\\s+", " ");
        return oneLine.length() <= 120 ? "'" + oneLine + "'" : "'" + oneLine.substring(0, 120) + "…'";
    }
}
