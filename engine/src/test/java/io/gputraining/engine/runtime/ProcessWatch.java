package io.gputraining.engine.runtime;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.atomic.AtomicReference;

/** Test support: runs a blocking call on its own thread, and finds processes by the pids a script printed. */
final class ProcessWatch {

    private ProcessWatch() {
    }

    /** A blocking call running on its own thread, with what it returned or threw. */
    static final class Call<T> {
        private final Thread thread;
        private final AtomicReference<T> result = new AtomicReference<>();
        private final AtomicReference<Throwable> failure = new AtomicReference<>();

        Call(String name, Callable<T> body) {
            thread = new Thread(() -> {
                try {
                    result.set(body.call());
                } catch (Throwable t) {
                    failure.set(t);
                }
            }, name);
            thread.start();
        }

        void interrupt() {
            thread.interrupt();
        }

        /** Waits for the call to end; fails the test when it does not end in time. */
        Call<T> awaitEnd(long millis) throws InterruptedException {
            thread.join(millis);
            if (thread.isAlive()) {
                throw new AssertionError("the call did not end within " + millis + " ms");
            }
            return this;
        }

        T result() {
            return result.get();
        }

        Throwable failure() {
            return failure.get();
        }
    }

    /** Handles of the processes whose pids are the given lines; fails when one is already gone. */
    static List<ProcessHandle> handles(List<String> pidLines) {
        List<ProcessHandle> handles = new ArrayList<>();
        for (String line : pidLines) {
            long pid = Long.parseLong(line.strip());
            handles.add(ProcessHandle.of(pid).orElseThrow(() -> new AssertionError("process " + pid + " is not running")));
        }
        return handles;
    }

    /**
     * The handles still alive after waiting up to {@code millis} for them to go. The wait covers the
     * moment between a kill and the reaping of an orphan by PID 1.
     */
    static List<ProcessHandle> stillAlive(List<ProcessHandle> handles, long millis) throws InterruptedException {
        long deadline = System.currentTimeMillis() + millis;
        while (true) {
            List<ProcessHandle> alive = handles.stream().filter(ProcessHandle::isAlive).toList();
            if (alive.isEmpty() || System.currentTimeMillis() > deadline) {
                return alive;
            }
            Thread.sleep(20);
        }
    }
}
