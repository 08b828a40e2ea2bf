package io.gputraining.engine.train;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Test;

class CommandWordsTest {

    @Test
    void whitespaceSeparatesWords() {
        assertEquals(List.of("python", "train.py", "--epochs", "3"), CommandWords.split("  python\ttrain.py  --epochs 3 "));
    }

    @Test
    void singleQuotesKeepEverythingAsIs() {
        assertEquals(List.of("bash", "-c", "python train.py | tee \"log\" \\n"),
                CommandWords.split("bash -c 'python train.py | tee \"log\" \\n'"));
    }

    @Test
    void doubleQuotesUnescapeQuoteAndBackslashOnly() {
        assertEquals(List.of("echo", "a \"b\" \\ \\n $HOME"), CommandWords.split("echo \"a \\\"b\\\" \\\\ \\n $HOME\""));
    }

    @Test
    void quotedPartsJoinTheWordAroundThem() {
        assertEquals(List.of("--name=my model", "x"), CommandWords.split("--name='my model' x"));
    }

    @Test
    void emptyQuotesMakeAnEmptyWord() {
        assertEquals(List.of("train", "", "end"), CommandWords.split("train '' end"));
    }

    @Test
    void backslashOutsideQuotesKeepsTheNextCharacter() {
        assertEquals(List.of("a b", "c"), CommandWords.split("a\\ b c"));
    }

    @Test
    void unclosedQuoteIsRefusedWithItsPosition() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> CommandWords.split("python 'train.py"));
        assertTrue(e.getMessage().contains("position 7"), e.getMessage());
    }

    @Test
    void trailingBackslashIsRefused() {
        assertThrows(IllegalArgumentException.class, () -> CommandWords.split("python train.py \\"));
    }

    @Test
    void blankCommandHasNoWords() {
        assertEquals(List.of(), CommandWords.split("   "));
    }
}
