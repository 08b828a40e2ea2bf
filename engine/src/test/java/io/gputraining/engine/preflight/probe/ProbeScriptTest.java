package io.gputraining.engine.preflight.probe;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.HexFormat;
import java.util.List;
import org.junit.jupiter.api.Test;

class ProbeScriptTest {

    private static final Path SOURCE = Path.of("src/main/resources" + ProbeScript.RESOURCE);

    @Test
    void loadsTheScriptShippedInTheResources() throws Exception {
        assertThat(ProbeScript.load().bytes()).isEqualTo(Files.readAllBytes(SOURCE));
    }

    @Test
    void scriptIsAPython3Program() {
        String text = new String(ProbeScript.load().bytes(), java.nio.charset.StandardCharsets.UTF_8);

        assertThat(text).startsWith("#!/usr/bin/env python3\n").contains("SCHEMA_VERSION = " + ProbeReportParser.SCHEMA_VERSION);
    }

    @Test
    void bytesAreACopy() {
        ProbeScript script = ProbeScript.load();
        byte[] bytes = script.bytes();
        bytes[0] = 'X';

        assertThat(script.bytes()[0]).isEqualTo((byte) '#');
    }

    @Test
    void sha256IsThatOfTheBytes() throws Exception {
        String expected = HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(Files.readAllBytes(SOURCE)));

        assertThat(ProbeScript.load().sha256()).isEqualTo(expected);
    }

    @Test
    void commandRunsTheCopiedScriptWithTheOptions() {
        ProbeOptions options = ProbeOptions.defaults().withoutAllReduce();

        List<String> command = ProbeScript.load().command("python3", "/tmp/gpu-training/gpu_probe.py", options);

        assertThat(command).startsWith("python3", "/tmp/gpu-training/gpu_probe.py");
        assertThat(command.subList(2, command.size())).isEqualTo(options.toArguments());
    }
}
