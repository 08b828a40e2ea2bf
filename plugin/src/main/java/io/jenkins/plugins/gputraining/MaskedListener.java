package io.jenkins.plugins.gputraining;

import hudson.model.TaskListener;
import hudson.util.Secret;
import java.io.PrintStream;
import java.nio.charset.Charset;
import java.util.Collection;
import java.util.regex.Pattern;
import org.jenkinsci.plugins.credentialsbinding.masking.SecretPatterns;

/**
 * A build's listener whose log shows {@code ****} wherever one of some secret values would appear, in every form
 * credentials-binding masks (the value as is, and as shells quote or echo it). Sent with a training to the agent, it
 * masks there, before the container's output travels to the controller, as {@code withCredentials} does for the
 * steps in its block. The pattern is kept as a {@link Secret}, like credentials-binding's own filter.
 */
final class MaskedListener implements TaskListener {

    private static final long serialVersionUID = 1L;

    private final TaskListener delegate;
    private final Secret pattern;
    private final String charsetName;
    private transient PrintStream logger;

    private MaskedListener(TaskListener delegate, Secret pattern, String charsetName) {
        this.delegate = delegate;
        this.pattern = pattern;
        this.charsetName = charsetName;
    }

    /**
     * @param secrets the values to mask; none for {@code listener} itself
     * @param charset the build's log charset
     */
    static TaskListener of(TaskListener listener, Collection<String> secrets, Charset charset) {
        if (secrets.isEmpty()) {
            return listener;
        }
        return new MaskedListener(listener, Secret.fromString(SecretPatterns.getAggregateSecretPattern(secrets).pattern()),
                charset.name());
    }

    @Override
    public synchronized PrintStream getLogger() {
        if (logger == null) {
            try {
                logger = new PrintStream(new SecretPatterns.MaskingOutputStream(delegate.getLogger(),
                        () -> Pattern.compile(pattern.getPlainText()), charsetName), true, charsetName);
            } catch (java.io.UnsupportedEncodingException e) {
                throw new IllegalStateException("the build's own charset " + charsetName + " is unknown here", e);
            }
        }
        return logger;
    }
}
