package io.jenkins.plugins.gputraining.container;

import java.util.Locale;
import java.util.ResourceBundle;

/**
 * User-facing strings of this package, from {@code Messages.properties} next to it. Read through
 * {@link ResourceBundle} rather than the localizer's generated {@code Messages} class so that the sources
 * compile without the code generator; keys and file are the localizer's, so switching later is mechanical.
 */
final class ContainerText {

    private static final String BUNDLE = "io.jenkins.plugins.gputraining.container.Messages";

    private ContainerText() {
    }

    static String get(String key) {
        return ResourceBundle.getBundle(BUNDLE, Locale.getDefault(), ContainerText.class.getClassLoader()).getString(key);
    }
}
