package io.gputraining.controller;

/** Pipeline jobs' {@code config.xml}, as Jenkins exports them. */
final class PipelineJobs {

    private PipelineJobs() {
    }

    /** A Pipeline from the {@code Jenkinsfile} of {@code branch} in the git repository at {@code remote}. */
    static String fromScm(String remote, String branch) {
        return """
                <?xml version='1.1' encoding='UTF-8'?>
                <flow-definition>
                  <keepDependencies>false</keepDependencies>
                  <properties/>
                  <definition class="org.jenkinsci.plugins.workflow.cps.CpsScmFlowDefinition">
                    <scm class="hudson.plugins.git.GitSCM">
                      <configVersion>2</configVersion>
                      <userRemoteConfigs>
                        <hudson.plugins.git.UserRemoteConfig><url>%s</url></hudson.plugins.git.UserRemoteConfig>
                      </userRemoteConfigs>
                      <branches><hudson.plugins.git.BranchSpec><name>*/%s</name></hudson.plugins.git.BranchSpec></branches>
                      <doGenerateSubmoduleConfigurations>false</doGenerateSubmoduleConfigurations>
                      <submoduleCfg class="empty-list"/>
                      <extensions/>
                    </scm>
                    <scriptPath>Jenkinsfile</scriptPath>
                    <lightweight>false</lightweight>
                  </definition>
                  <triggers/>
                  <disabled>false</disabled>
                </flow-definition>
                """.formatted(xml(remote), xml(branch));
    }

    /** A Pipeline whose script is in the job, run in the Groovy sandbox as a non-administrator's would be. */
    static String inline(String script) {
        return """
                <?xml version='1.1' encoding='UTF-8'?>
                <flow-definition>
                  <keepDependencies>false</keepDependencies>
                  <properties/>
                  <definition class="org.jenkinsci.plugins.workflow.cps.CpsFlowDefinition">
                    <script>%s</script>
                    <sandbox>true</sandbox>
                  </definition>
                  <triggers/>
                  <disabled>false</disabled>
                </flow-definition>
                """.formatted(xml(script));
    }

    private static String xml(String text) {
        return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;");
    }
}
