package io.gputraining.engine.testing;

import java.util.function.Predicate;
import java.util.regex.Pattern;

/**
 * A request as {@link FaultProxy} sees it when it decides what to do with it.
 *
 * @param method     {@code GET}, {@code PUT}, …
 * @param rawPath    the path as sent, percent-encoding kept
 * @param rawQuery   the query as sent, or null
 * @param ordinal    the how-many-th request the proxy has seen, from 1
 * @param bodyLength the request body's declared length (0 without a body, -1 when chunked)
 */
public record ProxiedRequest(String method, String rawPath, String rawQuery, int ordinal, long bodyLength) {

    /** The request for {@code target} as the request line has it ({@code /path?query}). */
    static ProxiedRequest of(String method, String target, int ordinal, long bodyLength) {
        int question = target.indexOf('?');
        return question < 0 ? new ProxiedRequest(method, target, null, ordinal, bodyLength)
                : new ProxiedRequest(method, target.substring(0, question), target.substring(question + 1), ordinal, bodyLength);
    }

    /** Requests with {@code method} whose raw path matches {@code pathRegex} entirely. */
    public static Predicate<ProxiedRequest> matching(String method, String pathRegex) {
        Pattern path = Pattern.compile(pathRegex);
        return r -> r.method().equals(method) && path.matcher(r.rawPath()).matches();
    }

    /** {@code METHOD /path?query}. */
    public String line() {
        return method + " " + rawPath + (rawQuery == null ? "" : "?" + rawQuery);
    }
}
