package io.jenkins.plugins.gputraining.container;

import static org.junit.Assert.assertArrayEquals;
import static org.junit.Assert.assertEquals;

import io.gputraining.engine.runtime.FileToCopy;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;
import org.junit.Rule;
import org.junit.Test;
import org.junit.rules.TemporaryFolder;

public class AgentTempScriptsTest {

    @Rule
    public TemporaryFolder tmp = new TemporaryFolder();

    @Test
    public void theScriptOfAShellBuildStepIsCopiedWithItsContentAndMode() throws Exception {
        Path temp = tmp.getRoot().toPath();
        Path script = Files.writeString(temp.resolve("jenkins123.sh"), "echo hello\n");
        Files.setPosixFilePermissions(script, PosixFilePermissions.fromString("rw-r-----"));

        List<FileToCopy> files = AgentTempScripts.in(List.of("/bin/sh", "-xe", script.toString()), temp);

        assertEquals(1, files.size());
        assertEquals(script.toString(), files.get(0).path());
        assertEquals(0640, files.get(0).mode());
        assertArrayEquals("echo hello\n".getBytes(StandardCharsets.UTF_8), files.get(0).content());
    }

    @Test
    public void onlyFilesDirectlyInTheTemporaryDirectoryAreCopied() throws Exception {
        Path temp = tmp.getRoot().toPath();
        Path nested = Files.createDirectories(temp.resolve("workspace"));
        Path inWorkspace = Files.writeString(nested.resolve("train.sh"), "python train.py\n");

        List<FileToCopy> files = AgentTempScripts.in(List.of("sh", inWorkspace.toString(), nested.toString(),
                temp.resolve("missing.sh").toString(), "relative.sh", "-c"), temp);

        assertEquals(List.of(), files);
    }
}
