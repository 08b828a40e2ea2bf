package io.gputraining.engine.preflight.probe;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.ObjectInputStream;
import java.io.ObjectOutputStream;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

class ProbeReportParserTest {

    private final ProbeReportParser parser = new ProbeReportParser();
    private final ObjectMapper mapper = new ObjectMapper();

    @Test
    void unknownFieldsAtAnyDepthAreIgnored() throws Exception {
        ObjectNode json = (ObjectNode) mapper.readTree(ProbeFixtures.text("h200x2.json"));
        json.put("hostname", "node-7");
        ((ObjectNode) json.get("torch")).put("compiler", "gcc 13");
        ((ObjectNode) json.get("devices").get(0).get("matmul")).put("energyJoules", 1.5);
        ((ObjectNode) json.get("allReduce").get("ranks").get(1)).putArray("links").add("NV18");

        ImageProbeReport report = parser.parse(mapper.writeValueAsString(json));

        assertThat(report).isEqualTo(ProbeFixtures.report("h200x2.json"));
    }

    @Test
    void unknownStatusReadsAsUnknown() throws Exception {
        ObjectNode json = (ObjectNode) mapper.readTree(ProbeFixtures.text("h100.json"));
        ((ObjectNode) json.get("cuda")).put("status", "degraded");

        assertThat(parser.parse(mapper.writeValueAsString(json)).cuda().status()).isEqualTo(CheckStatus.UNKNOWN);
    }

    @Test
    void missingStatusReadsAsUnknown() throws Exception {
        ObjectNode json = (ObjectNode) mapper.readTree(ProbeFixtures.text("h100.json"));
        ((ObjectNode) json.get("devices").get(0).get("matmul")).remove("status");

        assertThat(parser.parse(mapper.writeValueAsString(json)).devices().get(0).matmul().status())
                .isEqualTo(CheckStatus.UNKNOWN);
    }

    @Test
    void statusIsWrittenBackAsTheProbeWritesIt() throws Exception {
        assertThat(mapper.writeValueAsString(CheckStatus.TIMEOUT)).isEqualTo("\"timeout\"");
    }

    @Test
    void bytesReadLikeText() {
        byte[] utf8 = ProbeFixtures.text("h100.json").getBytes(StandardCharsets.UTF_8);

        assertThat(parser.parse(utf8)).isEqualTo(ProbeFixtures.report("h100.json"));
    }

    @Test
    void textBeforeTheJsonIsRefusedWithAnExcerpt() {
        String polluted = "NCCL INFO Bootstrap\n" + ProbeFixtures.text("h100.json");

        assertThatThrownBy(() -> parser.parse(polluted))
                .isInstanceOf(ProbeReportFormatException.class)
                .hasMessageContaining("'NCCL INFO Bootstrap");
    }

    @Test
    void emptyOutputIsRefusedAndPointsAtStderr() {
        assertThatThrownBy(() -> parser.parse(" \n"))
                .isInstanceOf(ProbeReportFormatException.class)
                .hasMessageContaining("printed nothing on stdout")
                .hasMessageContaining("stderr");
    }

    @Test
    void anotherSchemaVersionIsRefused() throws Exception {
        ObjectNode json = (ObjectNode) mapper.readTree(ProbeFixtures.text("h100.json"));
        json.put("schemaVersion", 2);

        assertThatThrownBy(() -> parser.parse(mapper.writeValueAsString(json)))
                .isInstanceOf(ProbeReportFormatException.class)
                .hasMessageContaining("schema version 2")
                .hasMessageContaining("reads version 1");
    }

    @Test
    void reportSurvivesJavaSerialization() throws Exception {
        ImageProbeReport report = ProbeFixtures.report("h200x2.json");
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (ObjectOutputStream out = new ObjectOutputStream(bytes)) {
            out.writeObject(report);
        }
        try (ObjectInputStream in = new ObjectInputStream(new ByteArrayInputStream(bytes.toByteArray()))) {
            assertThat(in.readObject()).isEqualTo(report);
        }
    }

    @Test
    void devicesOfAReportCannotBeChanged() {
        ImageProbeReport report = ProbeFixtures.report("h100.json");

        assertThatThrownBy(() -> report.devices().clear()).isInstanceOf(UnsupportedOperationException.class);
    }
}
