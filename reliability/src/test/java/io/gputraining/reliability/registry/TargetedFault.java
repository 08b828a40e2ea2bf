package io.gputraining.reliability.registry;

import io.gputraining.engine.testing.Fault;
import io.gputraining.engine.testing.FaultPlan;
import io.gputraining.engine.testing.ProxiedRequest;
import java.util.function.Function;

/**
 * A fault at one point of an exchange: the request with a given ordinal, and then its retries (the next
 * requests of the same call, told by method, path and query, an OCI upload session's id and state aside),
 * {@code times} requests in all. Once to be absorbed by a retry, as often as the client tries to exhaust it.
 */
final class TargetedFault implements FaultPlan {

    private final int ordinal;
    private final int times;
    private final Function<ProxiedRequest, Fault> fault;
    private String call;
    private int applied;

    TargetedFault(int ordinal, int times, Function<ProxiedRequest, Fault> fault) {
        this.ordinal = ordinal;
        this.times = times;
        this.fault = fault;
    }

    @Override
    public synchronized Fault faultFor(ProxiedRequest request) {
        if (call == null && request.ordinal() == ordinal) {
            call = callOf(request);
        }
        if (call == null || applied >= times || !call.equals(callOf(request))) {
            return Fault.pass();
        }
        applied++;
        return fault.apply(request);
    }

    /** What identifies the call a request belongs to, the same for each of its retries. */
    static String callOf(ProxiedRequest request) {
        int upload = request.rawPath().indexOf("/blobs/uploads/");
        if (upload >= 0) {
            String query = request.rawQuery() == null ? "" : request.rawQuery();
            int digest = query.indexOf("digest=");
            return request.method() + " " + request.rawPath().substring(0, upload) + "/blobs/uploads/ "
                    + (digest < 0 ? "" : query.substring(digest).replaceFirst("&.*$", ""));
        }
        return request.line();
    }
}
