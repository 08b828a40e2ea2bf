package io.jenkins.plugins.gputraining;

import java.text.MessageFormat;
import java.util.Locale;
import java.util.ResourceBundle;

/**
 * The plugin's user-facing strings, from {@code Messages.properties} next to this class. Read through
 * {@link ResourceBundle} rather than the localizer's generated {@code Messages} class so that the sources
 * compile without the code generator; the keys and file are the same, so a later switch is mechanical.
 */
final class UserText {

    private static final String BUNDLE = "io.jenkins.plugins.gputraining.Messages";

    private UserText() {
    }

    /** The string for {@code key}, with {@code {0}}, {@code {1}}… replaced by the arguments. */
    static String get(String key, Object... arguments) {
        String pattern = ResourceBundle.getBundle(BUNDLE, Locale.getDefault(), UserText.class.getClassLoader()).getString(key);
        return new MessageFormat(pattern, Locale.ROOT).format(arguments);
    }
}
