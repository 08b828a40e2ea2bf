package io.gputraining.engine.testing;

import java.time.Duration;
import java.util.Objects;

/**
 * What {@link FaultProxy} does to one request: pass it through, or break it the way networks and servers
 * break: a connection reset part-way through the request body, an error status, a slow answer, a truncated
 * answer body, a changed byte, a server that never answers.
 *
 * @param kind   what is done
 * @param bytes  for {@link Kind#RESET_MID_REQUEST}: request body bytes forwarded before the reset; for
 *               {@link Kind#TRUNCATE_RESPONSE}: response body bytes relayed before the connection is closed;
 *               for {@link Kind#CORRUPT_REQUEST}: the offset of the changed byte (-1: the middle)
 * @param status for {@link Kind#ANSWER} and {@link Kind#ANSWER_AFTER_FORWARDING}: the status answered
 * @param delay  for {@link Kind#DELAY}: how long the upstream answer is held back
 * @param hook   for {@link Kind#BEFORE_ANSWER}: what runs between the upstream answer and relaying it
 */
public record Fault(Kind kind, long bytes, int status, Duration delay, Hook hook) {

    /** The kinds of fault. */
    public enum Kind {
        /** Forwarded and answered unchanged. */
        PASS,
        /** {@code bytes} of the body go upstream, then both connections are reset (TCP RST): an upload cut off. */
        RESET_MID_REQUEST,
        /** Answered with {@code status} by the proxy; upstream never sees the request. */
        ANSWER,
        /** Forwarded, and upstream did the work, but the client gets {@code status}: a gateway giving up. */
        ANSWER_AFTER_FORWARDING,
        /** Forwarded; upstream's answer reaches the client {@code delay} late. */
        DELAY,
        /** Forwarded; the answer's head and only {@code bytes} of its body are relayed, then the connection closes. */
        TRUNCATE_RESPONSE,
        /** Forwarded with one body byte changed: content altered in transit. */
        CORRUPT_REQUEST,
        /** The request is read and never answered, until the proxy closes. */
        HANG,
        /** Forwarded; {@code hook} runs after upstream answered and before the client gets the answer. */
        BEFORE_ANSWER
    }

    /** Runs with the request body that was forwarded: e.g. a concurrent client acting in between. */
    @FunctionalInterface
    public interface Hook {
        void run(byte[] requestBody) throws Exception;
    }

    public Fault {
        Objects.requireNonNull(kind, "kind");
        Objects.requireNonNull(delay, "delay");
    }

    public static Fault pass() {
        return new Fault(Kind.PASS, 0, 0, Duration.ZERO, null);
    }

    /** Resets the connection after {@code bytes} of the request body went upstream (all of it, if shorter). */
    public static Fault resetAfter(long bytes) {
        return new Fault(Kind.RESET_MID_REQUEST, bytes, 0, Duration.ZERO, null);
    }

    public static Fault answer(int status) {
        return new Fault(Kind.ANSWER, 0, status, Duration.ZERO, null);
    }

    public static Fault answerAfterForwarding(int status) {
        return new Fault(Kind.ANSWER_AFTER_FORWARDING, 0, status, Duration.ZERO, null);
    }

    public static Fault delay(Duration delay) {
        return new Fault(Kind.DELAY, 0, 0, delay, null);
    }

    /** Relays at most {@code bytes} of the response body (always at least one byte fewer than it has). */
    public static Fault truncateResponse(long bytes) {
        return new Fault(Kind.TRUNCATE_RESPONSE, bytes, 0, Duration.ZERO, null);
    }

    /** Changes the middle byte of the request body. */
    public static Fault corruptRequest() {
        return new Fault(Kind.CORRUPT_REQUEST, -1, 0, Duration.ZERO, null);
    }

    public static Fault hang() {
        return new Fault(Kind.HANG, 0, 0, Duration.ZERO, null);
    }

    public static Fault beforeAnswer(Hook hook) {
        return new Fault(Kind.BEFORE_ANSWER, 0, 0, Duration.ZERO, Objects.requireNonNull(hook, "hook"));
    }

    /** Runs the hook of a {@link Kind#BEFORE_ANSWER} fault; what it throws fails the exchange. */
    void runHook(byte[] requestBody) throws java.io.IOException {
        try {
            hook.run(requestBody);
        } catch (java.io.IOException | RuntimeException e) {
            throw e;
        } catch (Exception e) {
            throw new java.io.IOException("the hook of a fault failed", e);
        }
    }

    public boolean passes() {
        return kind == Kind.PASS;
    }

    /** In words, for logs and tables: {@code reset after 1048576 request bytes}. */
    public String describe() {
        return switch (kind) {
            case PASS -> "pass";
            case RESET_MID_REQUEST -> "reset after " + bytes + " request bytes";
            case ANSWER -> "answer " + status;
            case ANSWER_AFTER_FORWARDING -> "answer " + status + " after forwarding";
            case DELAY -> "delay " + delay.toMillis() + " ms";
            case TRUNCATE_RESPONSE -> "truncate response after " + bytes + " bytes";
            case CORRUPT_REQUEST -> "corrupt a request byte";
            case HANG -> "hang";
            case BEFORE_ANSWER -> "hook before answer";
        };
    }
}
