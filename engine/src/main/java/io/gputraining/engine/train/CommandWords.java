package io.gputraining.engine.train;

import java.util.ArrayList;
import java.util.List;

/**
 * Splits {@code trainAndRegister}'s {@code command} into the argument vector the container runs, without a
 * shell (one rule for the plugin's step and the examples' Groovy bindings): words are separated by whitespace; single quotes keep everything up to the next single quote as is;
 * double quotes keep everything up to the next unescaped double quote, where {@code \"} and {@code \\} stand
 * for {@code "} and {@code \}; outside quotes a backslash keeps the next character. Nothing is expanded: no
 * variables, globs, pipes or redirections. Who needs a shell writes one: {@code bash -c 'python train.py | tee log'}.
 */
public final class CommandWords {

    private CommandWords() {
    }

    /**
     * The words of {@code command}; none for a blank one.
     *
     * @throws IllegalArgumentException for an unclosed quote or a trailing backslash, naming it
     */
    public static List<String> split(String command) {
        List<String> words = new ArrayList<>();
        StringBuilder word = new StringBuilder();
        boolean inWord = false;
        int i = 0;
        int n = command.length();
        while (i < n) {
            char c = command.charAt(i);
            if (Character.isWhitespace(c)) {
                if (inWord) {
                    words.add(word.toString());
                    word.setLength(0);
                    inWord = false;
                }
                i++;
            } else if (c == '\'') {
                int end = command.indexOf('\'', i + 1);
                if (end < 0) {
                    throw unclosed("'", i, command);
                }
                word.append(command, i + 1, end);
                inWord = true;
                i = end + 1;
            } else if (c == '"') {
                i = doubleQuoted(command, i, word);
                inWord = true;
            } else if (c == '\\') {
                if (i + 1 >= n) {
                    throw new IllegalArgumentException("The command ends with a backslash, which escapes nothing: " + command);
                }
                word.append(command.charAt(i + 1));
                inWord = true;
                i += 2;
            } else {
                word.append(c);
                inWord = true;
                i++;
            }
        }
        if (inWord) {
            words.add(word.toString());
        }
        return List.copyOf(words);
    }

    /** Appends the double-quoted text that starts at {@code open}; returns the index after its closing quote. */
    private static int doubleQuoted(String command, int open, StringBuilder word) {
        int i = open + 1;
        while (i < command.length()) {
            char c = command.charAt(i);
            if (c == '"') {
                return i + 1;
            }
            if (c == '\\' && i + 1 < command.length() && (command.charAt(i + 1) == '"' || command.charAt(i + 1) == '\\')) {
                word.append(command.charAt(i + 1));
                i += 2;
            } else {
                word.append(c);
                i++;
            }
        }
        throw unclosed("\"", open, command);
    }

    private static IllegalArgumentException unclosed(String quote, int position, String command) {
        return new IllegalArgumentException("The command has a " + quote + " at position " + position + " that is never closed: " + command);
    }
}
