package io.gputraining.engine.preflight.host;

import java.util.EnumSet;
import java.util.Set;

/**
 * Why a GPU's clocks are held down: the bits of {@code clocks_event_reasons.active} (called
 * {@code clocks_throttle_reasons.active} before driver 535). Bit values are NVML's
 * {@code nvmlClocksEventReason*} constants; {@code nvidia-smi -q} names the same reasons in this order.
 */
public enum ClockEventReason {
    /** Nothing runs on the GPU; normal for an idle GPU. */
    GPU_IDLE(0x1L),
    /** Clocks are capped by the applications-clocks setting. */
    APPLICATIONS_CLOCKS_SETTING(0x2L),
    /** The software power cap holds clocks down (the GPU draws its power limit). */
    SW_POWER_CAP(0x4L),
    /** Hardware slowdown (thermal or power brake, e.g. an external signal); training runs slowly. */
    HW_SLOWDOWN(0x8L),
    /** Clocks are synchronised with other GPUs in a sync-boost group. */
    SYNC_BOOST(0x10L),
    /** The driver holds clocks down because the GPU or its memory is too hot. */
    SW_THERMAL_SLOWDOWN(0x20L),
    /** The hardware holds clocks down because the GPU is too hot. */
    HW_THERMAL_SLOWDOWN(0x40L),
    /** The hardware holds clocks down because of an external power brake signal. */
    HW_POWER_BRAKE_SLOWDOWN(0x80L),
    /** Clocks are capped by the display clock setting. */
    DISPLAY_CLOCK_SETTING(0x100L);

    private final long bit;

    ClockEventReason(long bit) {
        this.bit = bit;
    }

    /** The bit this reason has in the mask. */
    public long bit() {
        return bit;
    }

    /** The reasons set in a mask; bits NVML may add later are ignored. */
    public static Set<ClockEventReason> decode(long mask) {
        Set<ClockEventReason> reasons = EnumSet.noneOf(ClockEventReason.class);
        for (ClockEventReason reason : values()) {
            if ((mask & reason.bit) != 0) {
                reasons.add(reason);
            }
        }
        return reasons;
    }
}
