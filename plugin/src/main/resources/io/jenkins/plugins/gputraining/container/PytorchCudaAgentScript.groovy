package io.jenkins.plugins.gputraining.container

import hudson.FilePath
import org.jenkinsci.plugins.pipeline.modeldefinition.agent.CheckoutScript
import org.jenkinsci.plugins.pipeline.modeldefinition.agent.DeclarativeAgentScript2
import org.jenkinsci.plugins.workflow.cps.CpsScript

/**
 * Runs a Declarative Pipeline's stages for agent { pytorchCuda { ... } }: on a node (the label's, or the enclosing
 * one with reuseNode), checked out, inside withPytorchCuda with the agent's parameters. The same shape as
 * docker-workflow's agent { docker { ... } }.
 */
class PytorchCudaAgentScript extends DeclarativeAgentScript2<PytorchCudaAgent> {

    PytorchCudaAgentScript(CpsScript s, PytorchCudaAgent a) {
        super(s, a)
    }

    @Override
    void run(Closure body) {
        if (describable.reuseNode && script.getContext(FilePath.class) != null) {
            inContainer(body)
        } else {
            script.node(describable.label) {
                CheckoutScript.doCheckout2(script, describable, describable.customWorkspace) {
                    inContainer(body)
                }
            }
        }
    }

    void inContainer(Closure body) {
        script.withPytorchCuda(describable.stepArguments()) {
            body.call()
        }
    }
}
