package io.gputraining.reliability.registry;

import io.gputraining.engine.testing.Fault;
import io.gputraining.engine.testing.FaultPlan;
import io.gputraining.engine.testing.ProxiedRequest;
import java.time.Duration;
import java.util.List;
import java.util.Random;
import java.util.function.Supplier;

/**
 * One trial's fault: its kind (a row of the figures), where in the exchange it strikes and how often, and
 * the plan that puts it there. Drawn from a seeded {@link Random} against the requests a clean
 * registration of the same shape made, so a seed replays the same faults at the same points.
 *
 * @param kind   the kind of fault, as the figures name it
 * @param detail where and how often, for the trial's record
 * @param plan   a fresh plan per trial (plans count requests)
 */
record FaultScenario(String kind, String detail, Supplier<FaultPlan> plan) {

    static final String NONE = "no fault";
    static final List<String> KINDS = List.of(NONE, "reset mid-upload", "reset after the request (answer lost)", "5xx answer",
            "5xx after forwarding", "slow answer below timeout", "slow answer above timeout", "truncated answer body",
            "random mix (10% of requests)");
    /** How often each of {@link #KINDS} is drawn, relatively: resets mid-upload most, the first fault. */
    private static final int[] WEIGHTS = {1, 3, 1, 2, 1, 1, 1, 2, 1};
    private static final int WEIGHT_TOTAL = java.util.Arrays.stream(WEIGHTS).sum();
    private static final int[] STATUSES = {500, 502, 503, 504};

    static FaultScenario none() {
        return new FaultScenario(NONE, "pass-through", FaultPlan::passThrough);
    }

    /**
     * @param clean   the requests of a clean registration, in order
     * @param timeout the client's request timeout
     * @param attempts the client's attempts per call: a fault repeated that often exhausts the retries
     */
    static FaultScenario draw(Random random, List<ProxiedRequest> clean, Duration timeout, int attempts) {
        int draw = random.nextInt(WEIGHT_TOTAL);
        int index = 0;
        for (int below = WEIGHTS[0]; draw >= below; below += WEIGHTS[++index]) {
            // walk to the kind whose share of the weights the draw fell in
        }
        String kind = KINDS.get(index);
        int times = switch (random.nextInt(5)) {
            case 0, 1 -> 1;
            case 2 -> 2;
            default -> attempts;
        };
        return switch (kind) {
            case NONE -> none();
            case "reset mid-upload" -> {
                List<ProxiedRequest> uploads = clean.stream().filter(r -> r.method().equals("PUT") && r.bodyLength() > 1).toList();
                ProxiedRequest largest = uploads.stream().max(java.util.Comparator.comparingLong(ProxiedRequest::bodyLength)).orElseThrow();
                ProxiedRequest target = random.nextBoolean() ? largest : uploads.get(random.nextInt(uploads.size()));
                double fraction = 0.05 + 0.9 * random.nextDouble();
                yield targeted(kind, target, times, r -> Fault.resetAfter(Math.max(1, (long) (fraction * r.bodyLength()))),
                        String.format(java.util.Locale.ROOT, "at %.0f%% of the body", fraction * 100));
            }
            case "reset after the request (answer lost)" -> targeted(kind, pick(random, clean), times,
                    r -> Fault.resetAfter(Long.MAX_VALUE), "");
            case "5xx answer" -> {
                int status = STATUSES[random.nextInt(STATUSES.length)];
                yield targeted(kind, pick(random, clean), times, r -> Fault.answer(status), status + "");
            }
            case "5xx after forwarding" -> {
                int status = random.nextBoolean() ? 502 : 504;
                yield targeted(kind, pick(random, clean), times, r -> Fault.answerAfterForwarding(status), status + "");
            }
            case "slow answer below timeout" -> {
                Duration delay = Duration.ofMillis(200 + random.nextInt((int) (timeout.toMillis() * 3 / 4)));
                yield targeted(kind, pick(random, clean), times, r -> Fault.delay(delay), delay.toMillis() + " ms");
            }
            case "slow answer above timeout" -> {
                Duration delay = timeout.plusMillis(500);
                yield targeted(kind, pick(random, clean), times, r -> Fault.delay(delay), delay.toMillis() + " ms");
            }
            case "truncated answer body" -> {
                List<ProxiedRequest> answered = clean.stream().filter(r -> r.method().equals("GET")
                        || r.method().equals("POST") && !r.rawPath().contains("/blobs/uploads/")).toList();
                long keep = random.nextInt(64);
                yield targeted(kind, answered.get(random.nextInt(answered.size())), times, r -> Fault.truncateResponse(keep),
                        "after " + keep + " bytes");
            }
            default -> {
                long seed = random.nextLong();
                List<Fault> faults = List.of(Fault.answer(503), Fault.resetAfter(64 * 1024), Fault.truncateResponse(8),
                        Fault.delay(Duration.ofMillis(300)), Fault.delay(timeout.plusMillis(500)), Fault.answerAfterForwarding(502));
                yield new FaultScenario(kind, "seed " + seed, () -> FaultPlan.atRandom(new Random(seed), 0.10, faults));
            }
        };
    }

    private static ProxiedRequest pick(Random random, List<ProxiedRequest> clean) {
        return clean.get(random.nextInt(clean.size()));
    }

    private static FaultScenario targeted(String kind, ProxiedRequest target, int times,
                                          java.util.function.Function<ProxiedRequest, Fault> fault, String how) {
        String detail = (how.isEmpty() ? "" : how + ", ") + "on request " + target.ordinal() + " (" + target.method() + " "
                + target.rawPath().replaceAll("[0-9a-f]{32}", "…") + ") x" + times;
        return new FaultScenario(kind, detail, () -> new TargetedFault(target.ordinal(), times, fault));
    }
}
