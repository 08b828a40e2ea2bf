package io.gputraining.reliability.registry;

import io.gputraining.engine.http.RetryPolicy;
import io.gputraining.engine.registry.ModelPublication;
import io.gputraining.engine.registry.ModelRegistry;
import io.gputraining.engine.registry.ModelRegistryException;
import io.gputraining.engine.registry.RegisteredModel;
import io.gputraining.engine.testing.FaultProxy;
import java.time.Duration;
import java.util.List;

/**
 * A real registry a trial registers into through the fault proxy, and the independent means of judging
 * what the trial left there: reads of the server itself, never through the proxy or the code under test.
 */
interface RegistryUnderTest {

    /** Quick retries, as many attempts as a fault plan may exhaust. */
    RetryPolicy RETRY = new RetryPolicy(3, Duration.ofMillis(50), Duration.ofMillis(200));
    /** Short, so a slow answer can be slower than it without slowing the suite much. */
    Duration REQUEST_TIMEOUT = Duration.ofSeconds(2);

    /** {@code mlflow} or {@code oci}, for tables. */
    String name();

    /** The real server as {@code host:port}, what the proxy forwards to. */
    String upstream();

    /** Makes the server look as it will for every trial (an MLflow experiment that exists), so clean runs are alike. */
    void prepare() throws Exception;

    /** The registry under test, configured to reach the server through {@code proxy}. */
    ModelRegistry through(FaultProxy proxy);

    /** The registry under test, reaching the server directly: to finish what a failed trial left. */
    ModelRegistry direct();

    /** Whether the server holds a version (of any state) for the publication's model. */
    boolean holdsVersion(ModelPublication publication) throws Exception;

    /** What is wrong with the version {@code register} returned; empty when it is complete and verified. */
    List<String> checkRegistered(ModelPublication publication, RegisteredModel model) throws Exception;

    /**
     * What is wrong after {@code register} failed: anything registered for the publication, a run left
     * behind unmarked, a message that does not name the registry or does not say what was left.
     */
    List<String> checkNothingRegistered(ModelPublication publication, ModelRegistryException failure, FaultProxy proxy)
            throws Exception;

    /**
     * Whether a failure message tells the user what to do, by the words advice is written in: a check, a
     * log to read, a setting to change, a registration to repeat.
     */
    static boolean advises(String message) {
        return java.util.regex.Pattern.compile("\\b(check|see (its|the \\w+'s) log|register again|retry|tell its operator|configure"
                + "|ask|make sure|delete it|rename|restore)\\b", java.util.regex.Pattern.CASE_INSENSITIVE).matcher(message).find();
    }

    /** Frees what the trial stored where the server allows it (MLflow artifacts); the records stay. */
    void cleanUp(ModelPublication publication) throws Exception;
}
