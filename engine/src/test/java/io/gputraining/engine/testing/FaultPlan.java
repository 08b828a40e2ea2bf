package io.gputraining.engine.testing;

import java.util.List;
import java.util.Random;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.IntFunction;
import java.util.function.Predicate;

/**
 * Decides the {@link Fault} for each request {@link FaultProxy} receives. The proxy asks one request at a
 * time, in arrival order, so a plan may keep state (which attempt of an upload this is).
 */
@FunctionalInterface
public interface FaultPlan {

    Fault faultFor(ProxiedRequest request);

    static FaultPlan passThrough() {
        return request -> Fault.pass();
    }

    /** {@code byNumber(n)} for the n-th request (from 1) that {@code which} matches; every other request passes. */
    static FaultPlan onMatching(Predicate<ProxiedRequest> which, IntFunction<Fault> byNumber) {
        AtomicInteger seen = new AtomicInteger();
        return request -> which.test(request) ? byNumber.apply(seen.incrementAndGet()) : Fault.pass();
    }

    /** {@code fault} for the matching requests numbered {@code first} to {@code first + times - 1} (from 1). */
    static FaultPlan onMatching(Predicate<ProxiedRequest> which, int first, int times, Fault fault) {
        return onMatching(which, n -> n >= first && n - (long) first < times ? fault : Fault.pass());
    }

    /** {@code fault} for the request with {@code ordinal} and the {@code times - 1} requests after it. */
    static FaultPlan fromOrdinal(int ordinal, int times, Fault fault) {
        return onMatching(request -> true, ordinal, times, fault);
    }

    /** Each request gets, with probability {@code rate}, one of {@code faults} drawn from {@code random}. */
    static FaultPlan atRandom(Random random, double rate, List<Fault> faults) {
        List<Fault> choices = List.copyOf(faults);
        return request -> random.nextDouble() < rate ? choices.get(random.nextInt(choices.size())) : Fault.pass();
    }
}
