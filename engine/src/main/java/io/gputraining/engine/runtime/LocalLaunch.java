package io.gputraining.engine.runtime;

import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * What the {@link LocalRuntime} hands to the host for one process: argv, the environment to add to the
 * JVM's own, and the working directory. Made from a spec after checking that the host can honour it.
 *
 * <p>Environment order: the spec's, then the exec's, then {@code CUDA_VISIBLE_DEVICES} from the GPU request
 * (for none and device ids), so an environment variable cannot widen what the request grants, just as in a
 * container it could not reach devices that were not handed in.
 */
record LocalLaunch(List<String> command, Map<String, String> env, Path workingDir) {

    LocalLaunch {
        command = List.copyOf(command);
        env = Map.copyOf(env);
    }

    /** The launch for {@link LocalRuntime#run}. */
    static LocalLaunch forRun(ContainerSpec spec, LocalUser user) {
        if (spec.command().isEmpty()) {
            throw new LocalSettingRefusedException("The spec for image '" + spec.image() + "' has no command. The local "
                    + "runtime has no image default command to fall back on: give the command to run.");
        }
        checkUser(spec.user(), user);
        return new LocalLaunch(spec.command(), environment(spec, Map.of()), directory(Path.of(""), spec.workingDir()));
    }

    /** The launch for one {@link ContainerSession#exec} in a session started from {@code spec}. */
    static LocalLaunch forExec(ContainerSpec spec, ExecSpec exec, LocalUser user) {
        checkUser(spec.user(), user);
        checkUser(exec.user(), user);
        Path sessionDir = sessionDirectory(spec);
        return new LocalLaunch(exec.command(), environment(spec, exec.env()), directory(sessionDir, exec.workingDir()));
    }

    /** The working directory of a session: the spec's, or this JVM's. */
    static Path sessionDirectory(ContainerSpec spec) {
        return directory(Path.of(""), spec.workingDir());
    }

    /**
     * Checks that the host can honour the spec before anything runs: user and GPU request.
     *
     * @throws LocalSettingRefusedException when it cannot
     */
    static void checkSpec(ContainerSpec spec, LocalUser user) {
        checkUser(spec.user(), user);
        CudaVisibleDevices.valueFor(spec.gpus());
    }

    private static Map<String, String> environment(ContainerSpec spec, Map<String, String> execEnv) {
        Map<String, String> env = new LinkedHashMap<>(spec.env());
        env.putAll(execEnv);
        CudaVisibleDevices.valueFor(spec.gpus()).ifPresent(v -> env.put(CudaVisibleDevices.VARIABLE, v));
        return env;
    }

    private static Path directory(Path base, String dir) {
        Path resolved = dir == null || dir.isEmpty() ? base : base.resolve(dir);
        return resolved.toAbsolutePath().normalize();
    }

    private static void checkUser(String wanted, LocalUser user) {
        if (wanted != null && !user.matches(wanted)) {
            throw new LocalSettingRefusedException("The spec asks to run as user '" + wanted + "', but the local runtime "
                    + "runs commands as the agent's own user, " + user.describe() + ", and cannot switch users. "
                    + "Leave the user unset, or run the agent as '" + wanted + "'.");
        }
    }
}
