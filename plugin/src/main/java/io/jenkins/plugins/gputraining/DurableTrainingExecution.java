package io.jenkins.plugins.gputraining;

import edu.umd.cs.findbugs.annotations.SuppressFBWarnings;
import hudson.AbortException;
import hudson.EnvVars;
import hudson.FilePath;
import hudson.model.Computer;
import hudson.model.Run;
import hudson.model.TaskListener;
import hudson.remoting.VirtualChannel;
import io.gputraining.engine.EngineException;
import io.gputraining.engine.registry.ModelRegistryConfig;
import io.gputraining.engine.runtime.LogPosition;
import io.gputraining.engine.train.StartedTraining;
import io.gputraining.engine.train.TrainingFlow;
import io.gputraining.engine.train.TrainingProgress;
import io.gputraining.engine.train.TrainingRequest;
import io.gputraining.engine.train.TrainingResult;
import java.io.IOException;
import java.io.PrintStream;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.concurrent.Future;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.logging.Level;
import java.util.logging.Logger;
import jenkins.model.Jenkins;
import jenkins.util.Timer;
import org.jenkinsci.plugins.workflow.FilePathUtils;
import org.jenkinsci.plugins.workflow.steps.AbstractStepExecutionImpl;
import org.jenkinsci.plugins.workflow.steps.StepContext;

/**
 * {@code trainAndRegister} on a container runtime, durable the way {@code sh} is: the training runs in a container
 * that outlives the agent's JVM and holds its own GPUs; this execution keeps only small serializable state (phase,
 * run id, where the log was read to, the idempotency key once registered) and looks at the training from a
 * {@link Timer} — never on the CPS VM thread — through short agent calls that find the container by its run id. So a
 * controller restart ({@link #onResume}) or an agent reconnect only pauses the log: the step reads on from where it
 * stopped, waits for the end, and finishes (collect, register) with the same idempotency key however often it is
 * repeated. The long calls (start: pull, lease, preflight; finish: upload) run on the remoting thread pool.
 */
@SuppressFBWarnings(value = "SE_TRANSIENT_FIELD_NOT_RESTORED", justification = "a resumed execution starts not done, and onResume schedules")
final class DurableTrainingExecution extends AbstractStepExecutionImpl implements Runnable {

    private static final long serialVersionUID = 1L;
    private static final Logger LOGGER = Logger.getLogger(DurableTrainingExecution.class.getName());

    private static final long MIN_PERIOD_MILLIS = 250;
    private static final long MAX_PERIOD_MILLIS = 5_000;
    private static final int LOG_CHUNK_BYTES = 256 * 1024;
    private static final long LOOK_TIMEOUT_SECONDS = 30;
    private static final long NODE_REMOVED_LIMIT_MINUTES = 10;

    enum Phase { STARTING, RUNNING, FINISHING, REMOVING }

    private final transient TrainAndRegisterStep step;
    private Phase phase = Phase.STARTING;
    private String node;
    private String workspace;
    private AgentRuntime runtime;
    private String owner;
    private String runId;
    private String runDirectory;
    private String registryName;
    private LogPosition position = LogPosition.START;
    private String idempotencyKey;
    /** The registered version as the step returns it (registry, model, version, uri, digest: all text). */
    private HashMap<String, String> result;
    /** The names in {@code env} whose values the build passed (secrets): their values are masked in the log. */
    private ArrayList<String> maskedNames = new ArrayList<>();
    /** Whether the controller restarted since the start: a training still STARTING then lost its start's answer. */
    private boolean resumed;

    private transient volatile boolean done;
    private transient long period;
    /** The start or the finish under way on the remoting thread pool, while {@link #busy}. */
    private transient volatile Future<?> work;
    private transient volatile boolean busy;
    private transient volatile ScheduledFuture<?> next;
    private transient long offlineSince;
    private transient String lastProblem;
    private transient boolean announceResume;
    private transient volatile TaskListener maskedListener;

    DurableTrainingExecution(TrainAndRegisterStep step, StepContext context) {
        super(context);
        this.step = step;
    }

    @Override
    public boolean start() throws Exception {
        StepContext context = getContext();
        Run<?, ?> run = context.get(Run.class);
        FilePath ws = context.get(FilePath.class);
        EnvVars env = context.get(EnvVars.class);
        node = FilePathUtils.getNodeName(ws);
        workspace = ws.getRemote();
        owner = BuildOwner.of(run, env);
        runId = TrainingFlow.newRunId();
        registryName = step.getRegistry();
        runtime = AgentRuntime.of(step.getRuntime(), env);
        TrainingRequest request = EngineErrors.abortOn(() -> BuildTraining.request(step, run, ws, env));
        maskedNames = new ArrayList<>(step.settings().environment(env).passedThrough());
        runDirectory = workspace + "/" + request.outputDir() + "/" + runId;
        ModelRegistryConfig registry = BuildTraining.registry(registryName, run);
        String agentPath = env.get("PATH");
        busy = true;
        work = Computer.threadPoolForRemoting.submit(() -> startTraining(request, registry, agentPath));
        return false;
    }

    private void startTraining(TrainingRequest request, ModelRegistryConfig registry, String agentPath) {
        try {
            VirtualChannel channel = agent();
            if (channel == null) {
                throw new AbortException(Messages.Step_AgentOffline());
            }
            StartedTraining started = EngineErrors.abortOn(() -> channel.call(
                    new TrainingStartOnAgent(request, runId, runtime, registry, agentPath, listener())));
            BuildTraining.record(getContext().get(Run.class), started.preflight());
            listener().getLogger().println("[gpu-training] " + Messages.DurableTraining_Started(shortId(started.containerId()), runId));
            enter(Phase.RUNNING);
        } catch (Throwable t) {
            fail(t);
        } finally {
            busy = false;
        }
        schedule(MIN_PERIOD_MILLIS);
    }

    /** One look at the training, from the {@link Timer}; schedules the next unless the step ended. */
    @Override
    public void run() {
        next = null;
        if (done || busy) {
            return;
        }
        try {
            advance();
        } catch (Throwable t) {
            fail(t);
        } finally {
            if (!done && !busy) {
                schedule(period);
            }
        }
    }

    private void advance() throws Exception {
        VirtualChannel channel = reachableAgent();
        if (channel == null) {
            period = Math.min(period * 2, MAX_PERIOD_MILLIS);
            return;
        }
        switch (phase) {
            case STARTING -> {
                if (resumed) {
                    look(channel); // the start's answer was lost to the restart: the container, if any, says where it is
                }
            }
            case RUNNING -> look(channel);
            case FINISHING -> {
                busy = true;
                work = Computer.threadPoolForRemoting.submit(() -> finish(channel));
            }
            case REMOVING -> removeAndSucceed(channel);
        }
    }

    private void look(VirtualChannel channel) throws Exception {
        TrainingProgress progress;
        try {
            progress = channel.callAsync(new TrainingPollOnAgent(runtime, owner, runId, position, LOG_CHUNK_BYTES))
                    .get(LOOK_TIMEOUT_SECONDS, TimeUnit.SECONDS);
        } catch (java.util.concurrent.ExecutionException | java.util.concurrent.TimeoutException | IOException e) {
            problem(e instanceof java.util.concurrent.ExecutionException ? e.getCause() : e);
            return;
        }
        if (progress == null) {
            throw new AbortException(phase == Phase.STARTING ? Messages.DurableTraining_StartLost()
                    : Messages.DurableTraining_Gone(runId, runDirectory));
        }
        lastProblem = null;
        if (announceResume || phase == Phase.STARTING) {
            announceResume = false;
            listener().getLogger().println("[gpu-training] " + Messages.DurableTraining_Resumed(runId));
            if (phase == Phase.STARTING) {
                enter(Phase.RUNNING);
            }
        }
        byte[] bytes = progress.output().bytes();
        if (bytes.length > 0) {
            PrintStream log = listener().getLogger();
            log.write(bytes);
            log.flush();
        }
        position = progress.output().next();
        period = bytes.length > 0 ? MIN_PERIOD_MILLIS : Math.min((long) (period * 1.5), MAX_PERIOD_MILLIS);
        if (progress.timeout() != null) {
            throw new AbortException(progress.timeout().getMessage());
        }
        if (progress.ended()) {
            enter(Phase.FINISHING);
            period = 0;
        } else if (bytes.length > 0) {
            getContext().saveState();
        }
    }

    /** Collects and registers; repeated after a restart or a lost agent, it gets the version the first try made. */
    private void finish(VirtualChannel channel) {
        try {
            Run<?, ?> run = getContext().get(Run.class);
            TrainingResult registered;
            try {
                registered = channel.call(new TrainingFinishOnAgent(runtime, owner, runId, BuildTraining.registry(registryName, run),
                        listener()));
            } catch (IOException agentLost) {
                problem(agentLost); // the agent went away during the finish: finish again once it is back
                return;
            }
            if (registered == null) {
                throw new AbortException(Messages.DurableTraining_Gone(runId, runDirectory));
            }
            idempotencyKey = registered.manifest().idempotencyKey();
            result = new HashMap<>();
            registered.model().toMap().forEach((key, value) -> result.put(key, value == null ? null : value.toString()));
            BuildTraining.record(run, registered);
            enter(Phase.REMOVING);
            removeAndSucceed(channel);
        } catch (EngineException e) {
            removeQuietly();
            fail(new AbortException(e.getMessage()));
        } catch (Throwable t) {
            removeQuietly();
            fail(t);
        } finally {
            busy = false;
            if (!done) {
                schedule(MIN_PERIOD_MILLIS);
            }
        }
    }

    private void removeAndSucceed(VirtualChannel channel) throws IOException, InterruptedException {
        channel.call(new TrainingRemovalOnAgent(runtime, owner, runId));
        if (!done) {
            done = true;
            getContext().onSuccess(new HashMap<String, Object>(result));
        }
    }

    /**
     * An abort: the start is interrupted (the agent leaves nothing behind), a running or ended training's container is
     * removed, which frees its GPUs; the step fails at once.
     */
    @Override
    public void stop(Throwable cause) throws Exception {
        done = true;
        cancel(next);
        cancel(work);
        getContext().onFailure(cause);
        Timer.get().submit(this::removeQuietly);
        // a start the abort interrupted just as it finished may have left the container: look again a little later
        Timer.get().schedule(this::removeQuietly, 10, TimeUnit.SECONDS);
    }

    /** After a controller restart: look again from where the log was read to, once the agent is back. */
    @Override
    public void onResume() {
        resumed = true;
        announceResume = true;
        offlineSince = 0;
        schedule(MIN_PERIOD_MILLIS);
    }

    @Override
    public String getStatus() {
        return "training " + phase.name().toLowerCase(java.util.Locale.ROOT) + " (run " + runId + ") on "
                + (node == null || node.isEmpty() ? "the built-in node" : node)
                + "; log read to " + position + (idempotencyKey == null ? "" : "; registered under " + idempotencyKey);
    }

    private synchronized void enter(Phase phase) {
        this.phase = phase;
        getContext().saveState();
    }

    private synchronized void schedule(long delayMillis) {
        if (done || next != null) {
            return;
        }
        period = Math.max(delayMillis, MIN_PERIOD_MILLIS);
        next = Timer.get().schedule(this, delayMillis, TimeUnit.MILLISECONDS);
    }

    /** The agent's channel, or null while it is offline (said once), failing when the agent was removed for good. */
    private VirtualChannel reachableAgent() throws IOException, InterruptedException {
        Jenkins jenkins = Jenkins.getInstanceOrNull();
        if (jenkins == null || jenkins.isTerminating()) {
            return null; // shutting down: the restarted controller reads on from the saved position
        }
        FilePath ws = FilePathUtils.find(node, workspace);
        VirtualChannel channel = ws == null ? null : ws.getChannel();
        if (channel == null) {
            if (offlineSince == 0) {
                offlineSince = System.nanoTime();
                listener().getLogger().println("[gpu-training] " + Messages.DurableTraining_AgentOffline(node));
            } else if (!node.isEmpty() && jenkins.getNode(node) == null
                    && System.nanoTime() - offlineSince > TimeUnit.MINUTES.toNanos(NODE_REMOVED_LIMIT_MINUTES)) {
                throw new AbortException(Messages.DurableTraining_AgentRemoved(node, NODE_REMOVED_LIMIT_MINUTES + " min", runId));
            }
            return null;
        }
        if (offlineSince != 0) {
            offlineSince = 0;
            listener().getLogger().println("[gpu-training] " + Messages.DurableTraining_AgentBack(node));
        }
        return channel;
    }

    private VirtualChannel agent() throws IOException, InterruptedException {
        FilePath ws = FilePathUtils.find(node, workspace);
        return ws == null ? null : ws.getChannel();
    }

    /** A look that failed for a reason that may pass (the agent reconnecting, its daemon busy); said once per reason. */
    private void problem(Throwable cause) {
        LOGGER.log(Level.FINE, "could not look at training " + runId, cause);
        String reason = String.valueOf(cause.getMessage());
        if (!reason.equals(lastProblem) && !(cause instanceof IOException)) {
            lastProblem = reason;
            try {
                listener().getLogger().println("[gpu-training] " + Messages.DurableTraining_Problem(node, reason));
            } catch (IOException | InterruptedException e) {
                // no log to tell
            }
        }
        period = Math.min(Math.max(period, MIN_PERIOD_MILLIS) * 2, MAX_PERIOD_MILLIS);
    }

    private void fail(Throwable t) {
        if (done) {
            return;
        }
        done = true;
        cancel(next);
        Throwable reported = t instanceof EngineException e ? new AbortException(e.getMessage()) : t;
        getContext().onFailure(reported);
    }

    /** Removes the training's container if the agent can be reached; what it cannot remove now ends with its command. */
    private void removeQuietly() {
        try {
            VirtualChannel channel = agent();
            if (channel != null) {
                channel.call(new TrainingRemovalOnAgent(runtime, owner, runId));
            }
        } catch (IOException | InterruptedException | RuntimeException e) {
            LOGGER.log(Level.FINE, "could not remove the container of training " + runId, e);
        }
    }

    /**
     * The build's log, with the values of the names passed by the build masked; looked up again after a restart, where
     * the build's environment (what {@code withCredentials} bound) comes back with the step's context.
     */
    private TaskListener listener() throws IOException, InterruptedException {
        if (maskedListener == null) {
            TaskListener listener = getContext().get(TaskListener.class);
            List<String> names = maskedNames == null ? List.of() : maskedNames; // null in a state saved before it existed
            EnvVars env = names.isEmpty() ? new EnvVars() : getContext().get(EnvVars.class);
            List<String> secrets = names.stream().map(env::get).filter(v -> v != null && !v.isEmpty()).toList();
            maskedListener = MaskedListener.of(listener, secrets, getContext().get(Run.class).getCharset());
        }
        return maskedListener;
    }

    private static void cancel(Future<?> future) {
        if (future != null) {
            future.cancel(true);
        }
    }

    private static String shortId(String id) {
        return id.length() > 12 ? id.substring(0, 12) : id;
    }
}
