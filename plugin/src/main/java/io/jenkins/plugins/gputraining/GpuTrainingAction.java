package io.jenkins.plugins.gputraining;

import hudson.model.Run;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import jenkins.model.RunAction2;

/**
 * The build page's GPU training summary: each preflight of the build and each model version it registered.
 * One per build; the steps add to it. No sidebar link: {@code summary.jelly} shows everything on the build's
 * main page.
 */
public final class GpuTrainingAction implements RunAction2 {

    private final List<PreflightSummary> preflights = new CopyOnWriteArrayList<>();
    private final List<ModelSummary> models = new CopyOnWriteArrayList<>();
    private transient Run<?, ?> run;

    /** The build's action, added to it when it has none yet. */
    static synchronized GpuTrainingAction of(Run<?, ?> run) {
        GpuTrainingAction action = run.getAction(GpuTrainingAction.class);
        if (action == null) {
            action = new GpuTrainingAction();
            run.addAction(action);
        }
        return action;
    }

    void add(PreflightSummary preflight) {
        preflights.add(preflight);
    }

    void add(ModelSummary model) {
        models.add(model);
    }

    public List<PreflightSummary> getPreflights() {
        return List.copyOf(preflights);
    }

    public List<ModelSummary> getModels() {
        return List.copyOf(models);
    }

    /** The build this action belongs to, for the summary page. */
    public Run<?, ?> getRun() {
        return run;
    }

    @Override
    public void onAttached(Run<?, ?> r) {
        this.run = r;
    }

    @Override
    public void onLoad(Run<?, ?> r) {
        this.run = r;
    }

    @Override
    public String getIconFileName() {
        return null;
    }

    @Override
    public String getDisplayName() {
        return Messages.GpuTrainingAction_DisplayName();
    }

    @Override
    public String getUrlName() {
        return null;
    }
}
