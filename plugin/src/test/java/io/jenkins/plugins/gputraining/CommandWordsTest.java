package io.jenkins.plugins.gputraining;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertThrows;
import static org.junit.Assert.assertTrue;

import java.util.List;
import org.junit.Test;

public class CommandWordsTest {

    @Test
    public void whitespaceSeparatesWords() {
        assertEquals(List.of("python", "train.py", "--epochs", "3"), CommandWords.split("  python\ttrain.py  --epochs 3 "));
    }

    @Test
    public void singleQuotesKeepEverythingAsIs() {
        assertEquals(List.of("bash", "-c", "python train.py | tee \"log\" \\n"),
                CommandWords.split("bash -c 'python train.py | tee \"log\" \\n'"));
    }

    @Test
    public void doubleQuotesUnescapeQuoteAndBackslashOnly() {
        assertEquals(List.of("echo", "a \"b\" \\ \\n $HOME"), CommandWords.split("echo \"a \\\"b\\\" \\\\ \\n $HOME\""));
    }

    @Test
    public void quotedPartsJoinTheWordAroundThem() {
        assertEquals(List.of("--name=my model", "x"), CommandWords.split("--name='my model' x"));
    }

    @Test
    public void emptyQuotesMakeAnEmptyWord() {
        assertEquals(List.of("train", "", "end"), CommandWords.split("train '' end"));
    }

    @Test
    public void backslashOutsideQuotesKeepsTheNextCharacter() {
        assertEquals(List.of("a b", "c"), CommandWords.split("a\\ b c"));
    }

    @Test
    public void unclosedQuoteIsRefusedWithItsPosition() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> CommandWords.split("python 'train.py"));
        assertTrue(e.getMessage(), e.getMessage().contains("position 7"));
    }

    @Test
    public void trailingBackslashIsRefused() {
        assertThrows(IllegalArgumentException.class, () -> CommandWords.split("python train.py \\"));
    }

    @Test
    public void blankCommandHasNoWords() {
        assertEquals(List.of(), CommandWords.split("   "));
    }
}
