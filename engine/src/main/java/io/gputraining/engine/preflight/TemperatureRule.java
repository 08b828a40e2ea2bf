package io.gputraining.engine.preflight;

import io.gputraining.engine.preflight.host.ClockEventReason;
import io.gputraining.engine.preflight.host.GpuInfo;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * {@code temperature}: no GPU in scope is hotter than {@code maxTemperatureC}, and none is being slowed down for
 * heat right now (whatever the limit), since a throttled GPU trains at a fraction of its speed.
 */
final class TemperatureRule extends HostGpuRule {

    private static final Set<ClockEventReason> HEAT = EnumSet.of(ClockEventReason.SW_THERMAL_SLOWDOWN,
            ClockEventReason.HW_THERMAL_SLOWDOWN, ClockEventReason.HW_SLOWDOWN);

    @Override
    public PreflightCheck check() {
        return PreflightCheck.TEMPERATURE;
    }

    @Override
    Verdict evaluate(VerdictInput input, List<GpuInfo> gpus) {
        String temperatures = gpus.stream().map(g -> "GPU " + g.index() + " "
                        + (g.temperatureC().isPresent() ? g.temperatureC().getAsInt() + " C" : "unknown"))
                .collect(Collectors.joining(", "));
        int limit = input.policy().maxTemperatureC();
        List<GpuInfo> hot = gpus.stream()
                .filter(g -> limit > 0 && g.temperatureC().isPresent() && g.temperatureC().getAsInt() > limit).toList();
        if (!hot.isEmpty()) {
            return Verdict.fail(check(), VerdictText.oneLine(temperatures + "; limit " + limit + " C", 200),
                    VerdictText.indexes(hot) + " is hotter than maxTemperatureC (" + limit + " C): a hot GPU slows"
                            + " itself down, and one this hot before the build starts lacks cooling or is still busy.",
                    "Let the GPU cool down or run on another agent; check the agent's fans and airflow"
                            + " (nvidia-smi -q -d TEMPERATURE,PERFORMANCE), or raise maxTemperatureC.");
        }
        List<GpuInfo> throttled = gpus.stream()
                .filter(g -> g.activeClockEventReasons().stream().anyMatch(HEAT::contains)).toList();
        if (!throttled.isEmpty()) {
            String reasons = throttled.stream().flatMap(g -> g.activeClockEventReasons().stream())
                    .filter(HEAT::contains).distinct().map(Enum::name).collect(Collectors.joining(", "));
            return Verdict.warn(check(), VerdictText.oneLine(temperatures + "; clocks held down for heat", 200),
                    VerdictText.indexes(throttled) + " runs slowed down right now (" + reasons + "): training on it"
                            + " runs at a fraction of its speed.",
                    "Check the agent's cooling (nvidia-smi -q -d PERFORMANCE shows why), or run on another agent.");
        }
        if (limit == 0) {
            return Verdict.skip(check(), VerdictText.oneLine("no limit set (" + temperatures + ")", 200));
        }
        return Verdict.pass(check(), VerdictText.oneLine(temperatures + " (limit " + limit + " C)", 200));
    }
}
