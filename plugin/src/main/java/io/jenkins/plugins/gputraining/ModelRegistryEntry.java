package io.jenkins.plugins.gputraining;

import com.cloudbees.plugins.credentials.CredentialsMatcher;
import com.cloudbees.plugins.credentials.CredentialsMatchers;
import com.cloudbees.plugins.credentials.CredentialsProvider;
import com.cloudbees.plugins.credentials.CredentialsScope;
import com.cloudbees.plugins.credentials.common.StandardListBoxModel;
import com.cloudbees.plugins.credentials.common.StandardUsernamePasswordCredentials;
import hudson.Extension;
import hudson.model.AbstractDescribableImpl;
import hudson.model.Descriptor;
import hudson.security.ACL;
import hudson.util.FormValidation;
import hudson.util.ListBoxModel;
import io.gputraining.engine.EngineException;
import io.gputraining.engine.image.RegistryAuth;
import io.gputraining.engine.registry.ModelRegistryConfig;
import io.gputraining.engine.registry.mlflow.MlflowSettings;
import java.util.List;
import java.util.Locale;
import jenkins.model.Jenkins;
import org.kohsuke.stapler.DataBoundConstructor;
import org.kohsuke.stapler.DataBoundSetter;
import org.kohsuke.stapler.QueryParameter;
import org.kohsuke.stapler.verb.POST;

/**
 * One model registry an administrator configured: a name pipelines refer to ({@code registry: 'prod'}), its
 * kind and location, optionally the id of the credentials to authenticate with and, for MLflow, how uploads are
 * verified (empty: the engine's default, {@link MlflowSettings#DEFAULT_VERIFICATION}).
 */
public final class ModelRegistryEntry extends AbstractDescribableImpl<ModelRegistryEntry> {

    private final String name;
    private final String type;
    private final String location;
    private String credentialsId;
    private String mlflowVerify;

    /**
     * @param type {@code local}, {@code mlflow} or {@code oci}
     */
    @DataBoundConstructor
    public ModelRegistryEntry(String name, String type, String location) {
        this.name = name == null ? "" : name.strip();
        this.type = type == null || type.isBlank() ? "local" : type.strip().toLowerCase(Locale.ROOT);
        this.location = location == null ? "" : location.strip();
    }

    public String getName() { return name; }

    public String getType() { return type; }

    public String getLocation() { return location; }

    public String getCredentialsId() { return credentialsId; }

    @DataBoundSetter
    public void setCredentialsId(String credentialsId) {
        this.credentialsId = credentialsId == null || credentialsId.isBlank() ? null : credentialsId.strip();
    }

    public String getMlflowVerify() { return mlflowVerify; }

    /** @param mlflowVerify {@code size} or {@code read-back}; empty for the engine's default */
    @DataBoundSetter
    public void setMlflowVerify(String mlflowVerify) {
        this.mlflowVerify = mlflowVerify == null || mlflowVerify.isBlank() ? null : mlflowVerify.strip();
    }

    /**
     * The engine's view of this registry, with the credentials the caller looked up (null for none).
     *
     * @throws EngineException when the kind or location is not usable
     */
    ModelRegistryConfig toConfig(RegistryAuth auth) {
        ModelRegistryConfig.Kind kind;
        try {
            kind = ModelRegistryConfig.Kind.valueOf(type.toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
            throw new EngineException(Messages.ModelRegistryEntry_UnknownType(name, type));
        }
        ModelRegistryConfig config = new ModelRegistryConfig(kind, location, auth);
        if (mlflowVerify == null) {
            return config;
        }
        try {
            return config.withMlflowVerification(MlflowSettings.Verification.parse(mlflowVerify));
        } catch (IllegalArgumentException e) {
            throw new EngineException("Model registry '" + name + "': " + e.getMessage());
        }
    }

    @Extension
    public static final class DescriptorImpl extends Descriptor<ModelRegistryEntry> {

        @Override
        public String getDisplayName() {
            return Messages.ModelRegistryEntry_DisplayName();
        }

        public ListBoxModel doFillTypeItems() {
            ListBoxModel items = new ListBoxModel();
            items.add(Messages.ModelRegistryEntry_Type_local(), "local");
            items.add(Messages.ModelRegistryEntry_Type_mlflow(), "mlflow");
            items.add(Messages.ModelRegistryEntry_Type_oci(), "oci");
            return items;
        }

        public ListBoxModel doFillMlflowVerifyItems() {
            ListBoxModel items = new ListBoxModel();
            items.add(Messages.ModelRegistryEntry_MlflowVerify_default(), "");
            items.add(Messages.ModelRegistryEntry_MlflowVerify_size(), "size");
            items.add(Messages.ModelRegistryEntry_MlflowVerify_readBack(), "read-back");
            return items;
        }

        /** Checks that the location fits the kind, as the engine will read it. Administrators only. */
        @POST
        public FormValidation doCheckLocation(@QueryParameter String type, @QueryParameter String location) {
            Jenkins.get().checkPermission(Jenkins.ADMINISTER);
            if (location == null || location.isBlank()) {
                return FormValidation.error(Messages.ModelRegistryEntry_LocationRequired());
            }
            try {
                new ModelRegistryEntry("check", type, location).toConfig(null);
            } catch (EngineException e) {
                return FormValidation.error(e.getMessage());
            }
            if ("oci".equals(type) && location.strip().indexOf('/') <= 0) {
                return FormValidation.error(Messages.ModelRegistryEntry_OciNeedsRepository());
            }
            if ("mlflow".equals(type) && !location.strip().matches("https?://.+")) {
                return FormValidation.error(Messages.ModelRegistryEntry_MlflowNeedsUrl());
            }
            if ("local".equals(type) && !location.strip().startsWith("/")) {
                return FormValidation.warning(Messages.ModelRegistryEntry_LocalRelative());
            }
            return FormValidation.ok();
        }

        /**
         * Lists the username/password credentials a build can use for this registry. Builds look the id up in their own
         * context ({@link RegistryCredentialsLookup}); from Jenkins itself that finds only <em>Global</em> credentials
         * (<em>System</em> ones are for Jenkins alone), so those are listed, as the system, as the credentials plugin's
         * guide says for a global configuration. Folder credentials cannot be listed here: no folder is in context.
         * Administrators only.
         */
        @POST
        public ListBoxModel doFillCredentialsIdItems(@QueryParameter String credentialsId) {
            StandardListBoxModel result = new StandardListBoxModel();
            if (!Jenkins.get().hasPermission(Jenkins.ADMINISTER)) {
                return result.includeCurrentValue(credentialsId);
            }
            return result.includeEmptyValue()
                    .includeMatchingAs(ACL.SYSTEM2, Jenkins.get(), StandardUsernamePasswordCredentials.class, List.of(), USABLE_BY_BUILDS)
                    .includeCurrentValue(credentialsId);
        }

        /**
         * Says whether builds will find the credentials: fine for Global ones of Jenkins itself, an error for System
         * ones (builds cannot use them), a warning for an id Jenkins itself lacks (only a folder's builds may have it).
         * Administrators only.
         */
        @POST
        public FormValidation doCheckCredentialsId(@QueryParameter String value) {
            if (!Jenkins.get().hasPermission(Jenkins.ADMINISTER) || value == null || value.isBlank()) {
                return FormValidation.ok();
            }
            String id = value.strip();
            CredentialsMatcher withId = CredentialsMatchers.withId(id);
            if (!listed(CredentialsMatchers.allOf(withId, USABLE_BY_BUILDS)).isEmpty()) {
                return FormValidation.ok();
            }
            if (!listed(withId).isEmpty()) {
                return FormValidation.error(Messages.ModelRegistryEntry_CredentialsSystemScope(id));
            }
            return FormValidation.warning(Messages.ModelRegistryEntry_CredentialsNotGlobal(id));
        }

        /** The username/password credentials of Jenkins itself that {@code matcher} accepts; listed, secrets untouched. */
        private static ListBoxModel listed(CredentialsMatcher matcher) {
            return CredentialsProvider.listCredentialsInItemGroup(StandardUsernamePasswordCredentials.class, Jenkins.get(),
                    ACL.SYSTEM2, List.of(), matcher);
        }

        /** Credentials of Jenkins itself that builds may use: those of Global scope. */
        private static final CredentialsMatcher USABLE_BY_BUILDS = CredentialsMatchers.withScope(CredentialsScope.GLOBAL);
    }
}
