package io.gputraining.cli;

import io.gputraining.engine.EngineException;
import picocli.CommandLine;
import picocli.CommandLine.IExecutionExceptionHandler;
import picocli.CommandLine.ParseResult;

/**
 * Prints engine errors as the one actionable sentence they are, without a stack trace; anything else is a
 * bug and keeps its trace. Under {@code --json} the failure is also the command's JSON document on stdout.
 */
final class ErrorReporter implements IExecutionExceptionHandler {

    @Override
    public int handleExecutionException(Exception e, CommandLine cmd, ParseResult parsed) {
        if (e instanceof EngineException || e instanceof IllegalArgumentException) {
            cmd.getErr().println("gpu-training: " + e.getMessage());
        } else if (e instanceof InterruptedException) {
            cmd.getErr().println("gpu-training: interrupted");
        } else {
            e.printStackTrace(cmd.getErr());
        }
        cmd.getErr().flush();
        int code = exitCodeOf(e);
        OutputOptions.of(cmd).ifPresent(output -> output.print(JsonDocument.failure(cmd.getCommandName(), e, code), code));
        return code;
    }

    static int exitCodeOf(Exception e) {
        if (e instanceof io.gputraining.engine.launch.PreflightFailedException) {
            return ExitCodes.PREFLIGHT_FAILED;
        }
        if (e instanceof io.gputraining.engine.train.TrainingFailedException) {
            return ExitCodes.TRAINING_FAILED;
        }
        if (e instanceof io.gputraining.engine.registry.ModelRegistryException) {
            return ExitCodes.REGISTRY_FAILED;
        }
        return ExitCodes.ENGINE_ERROR;
    }
}
