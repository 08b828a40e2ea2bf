package io.jenkins.plugins.gputraining;

import hudson.Extension;
import hudson.model.Descriptor.FormException;
import hudson.util.FormValidation;
import hudson.util.ListBoxModel;
import io.gputraining.engine.gpu.GpuAllocator;
import io.gputraining.engine.steps.SiteSettings;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import net.sf.json.JSONObject;
import jenkins.model.GlobalConfiguration;
import jenkins.model.Jenkins;
import org.jenkinsci.Symbol;
import org.kohsuke.stapler.DataBoundSetter;
import org.kohsuke.stapler.QueryParameter;
import org.kohsuke.stapler.StaplerRequest2;
import org.kohsuke.stapler.verb.POST;

/**
 * The administrator's settings for GPU training (Manage Jenkins › System, or {@code unclassified: gpuTraining:}
 * in Configuration as Code): the model registries pipelines may name, which one is the default, the default
 * image, whether images must be pinned by digest, the pull policy and runtime of steps that name none, and where GPU
 * leases are kept on agents.
 */
@Extension
@Symbol("gpuTraining")
public class GpuTrainingConfiguration extends GlobalConfiguration {

    /** Where GPU leases live unless configured: every executor and CLI on a host must use the same directory. */
    public static final String DEFAULT_GPU_LOCK_DIRECTORY = GpuAllocator.DEFAULT_LOCK_DIRECTORY;

    private List<ModelRegistryEntry> registries = new ArrayList<>();
    private String defaultRegistry;
    private String defaultImage;
    private boolean requirePinned;
    private String pull;
    private String runtime;
    private String gpuLockDirectory = DEFAULT_GPU_LOCK_DIRECTORY;

    public GpuTrainingConfiguration() {
        load();
    }

    /** The configuration of this Jenkins. */
    public static GpuTrainingConfiguration get() {
        return GlobalConfiguration.all().getInstance(GpuTrainingConfiguration.class);
    }

    public List<ModelRegistryEntry> getRegistries() {
        return registries == null ? List.of() : List.copyOf(registries);
    }

    @DataBoundSetter
    public void setRegistries(List<ModelRegistryEntry> registries) {
        this.registries = registries == null ? new ArrayList<>() : new ArrayList<>(registries);
        save();
    }

    /** The registry a step uses when it names none; null when the first configured one is meant. */
    public String getDefaultRegistry() {
        return defaultRegistry;
    }

    @DataBoundSetter
    public void setDefaultRegistry(String defaultRegistry) {
        this.defaultRegistry = GpuHealthCheckStep.blankToNull(defaultRegistry);
        save();
    }

    /** The image {@code trainAndRegister} uses when a pipeline gives none; null for none. */
    public String getDefaultImage() {
        return defaultImage;
    }

    @DataBoundSetter
    public void setDefaultImage(String defaultImage) {
        this.defaultImage = GpuHealthCheckStep.blankToNull(defaultImage);
        save();
    }

    /** Whether every step must get images pinned by digest, whatever the pipeline says. */
    public boolean isRequirePinned() {
        return requirePinned;
    }

    @DataBoundSetter
    public void setRequirePinned(boolean requirePinned) {
        this.requirePinned = requirePinned;
        save();
    }

    /** The pull policy of steps that name none; null for the engine's default. */
    public String getPull() {
        return pull;
    }

    @DataBoundSetter
    public void setPull(String pull) {
        this.pull = GpuHealthCheckStep.blankToNull(pull);
        save();
    }

    /** The policies, after "the engine's default". Administrators only. */
    @POST
    public ListBoxModel doFillPullItems() {
        Jenkins.get().checkPermission(Jenkins.ADMINISTER);
        return PullChoices.forSite();
    }

    /** The runtime of steps that name none ({@code docker}, {@code podman}, {@code local}); null for the engine's default. */
    public String getRuntime() {
        return runtime;
    }

    @DataBoundSetter
    public void setRuntime(String runtime) {
        this.runtime = GpuHealthCheckStep.blankToNull(runtime);
        save();
    }

    /** The runtimes, after "the engine's default". Administrators only. */
    @POST
    public ListBoxModel doFillRuntimeItems() {
        Jenkins.get().checkPermission(Jenkins.ADMINISTER);
        return RuntimeChoices.forSite();
    }

    public String getGpuLockDirectory() {
        return gpuLockDirectory == null ? DEFAULT_GPU_LOCK_DIRECTORY : gpuLockDirectory;
    }

    @DataBoundSetter
    public void setGpuLockDirectory(String gpuLockDirectory) {
        String value = GpuHealthCheckStep.blankToNull(gpuLockDirectory);
        this.gpuLockDirectory = value == null ? DEFAULT_GPU_LOCK_DIRECTORY : value;
        save();
    }

    /** The settings every step's request takes from here: default image, pinning and pull policy, lock directory, runtime. */
    public SiteSettings siteSettings() {
        return SiteSettings.builder().defaultImage(getDefaultImage()).requirePinned(isRequirePinned()).pull(getPull())
                .gpuLockDirectory(getGpuLockDirectory()).runtime(getRuntime()).build();
    }

    /**
     * Binds the submitted form. A list the form leaves empty (the last registry deleted) comes without its key,
     * which plain binding skips, keeping the old entries; so the list is emptied first. Saved once at the end.
     */
    @Override
    public boolean configure(StaplerRequest2 req, JSONObject json) throws FormException {
        registries = new ArrayList<>();
        req.bindJSON(this, json);
        save();
        return true;
    }

    /**
     * The registry a step means: the one it names, else the default, else the only or first configured one.
     *
     * @param name the name a pipeline gave, or null
     */
    public Optional<ModelRegistryEntry> registry(String name) {
        String wanted = GpuHealthCheckStep.blankToNull(name) != null ? name.strip() : defaultRegistry;
        List<ModelRegistryEntry> all = getRegistries();
        if (wanted == null) {
            return all.stream().findFirst();
        }
        return all.stream().filter(r -> r.getName().equals(wanted)).findFirst();
    }

    /** The configured registries' names, for the default registry's drop-down. Administrators only. */
    @POST
    public ListBoxModel doFillDefaultRegistryItems() {
        Jenkins.get().checkPermission(Jenkins.ADMINISTER);
        ListBoxModel items = new ListBoxModel();
        items.add(Messages.GpuTrainingConfiguration_FirstRegistry(), "");
        for (ModelRegistryEntry entry : getRegistries()) {
            items.add(entry.getName());
        }
        return items;
    }

    /** A GPU lock directory must be absolute: a relative one would differ between agents' working directories. */
    @POST
    public FormValidation doCheckGpuLockDirectory(@QueryParameter String value) {
        Jenkins.get().checkPermission(Jenkins.ADMINISTER);
        if (value == null || value.isBlank() || value.strip().startsWith("/")) {
            return FormValidation.ok();
        }
        return FormValidation.error(Messages.GpuTrainingConfiguration_LockDirectoryRelative());
    }
}
