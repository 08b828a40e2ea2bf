package io.jenkins.plugins.gputraining;

import edu.umd.cs.findbugs.annotations.CheckForNull;
import hudson.Extension;
import jenkins.security.CustomClassFilter;

/**
 * Lets the engine's values (reports, results, requests) cross the remoting channel into the controller.
 *
 * <p>Jenkins' class filter (JEP-200) accepts classes of core and of plugin jars, but rejects those of libraries a
 * plugin bundles — and the engine is one, in this plugin's {@code WEB-INF/lib}: without this, every step that
 * brings a result back from an agent fails with {@code SecurityException: Rejected: io.gputraining.engine…}.
 * (JenkinsRule tests do not see it: there the engine is loaded from {@code target/classes}, which the filter
 * trusts.) Only classes of the engine package that this plugin's own class loader loaded are permitted, so a
 * class of the same name from elsewhere is not.
 */
@Extension
public final class EngineClassFilter implements CustomClassFilter {

    static final String ENGINE_PACKAGE = "io.gputraining.engine.";

    @Override
    @CheckForNull
    public Boolean permits(Class<?> c) {
        return c.getName().startsWith(ENGINE_PACKAGE) && c.getClassLoader() == EngineClassFilter.class.getClassLoader() ? true : null;
    }
}
