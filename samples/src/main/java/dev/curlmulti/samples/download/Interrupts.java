package dev.curlmulti.samples.download;

import java.util.ArrayList;
import java.util.List;
import reactor.core.publisher.Mono;
import reactor.core.publisher.Sinks;

/**
 * Turns SIGINT and SIGTERM into a signal the run can stop on: the first one completes
 * {@link #signal()} (the run cancels its transfers, writes what finished and exits 130); a second
 * one ends the process at once. Handlers are installed only by {@link #install()} (the program,
 * not tests that run it in-process) and put back by {@link #close()}. Thread-safe.
 */
final class Interrupts implements AutoCloseable {
    /** The exit code of an interrupted run, as a shell reports a SIGINT. */
    static final int EXIT_CODE = 130;

    private final Sinks.Empty<Void> stop = Sinks.empty();
    private final List<Runnable> restore = new ArrayList<>();
    private volatile boolean fired;

    /** Completes when the run should stop. */
    Mono<Void> signal() {
        return stop.asMono();
    }

    /** Whether a stop was asked. */
    boolean fired() {
        return fired;
    }

    /** Asks the run to stop, as a signal does. */
    void fire() {
        if (fired) {
            // The user insists: nothing more to wait for.
            Runtime.getRuntime().halt(EXIT_CODE);
        }
        fired = true;
        stop.tryEmitEmpty();
    }

    /** Routes SIGINT and SIGTERM to {@link #fire()} (where the JVM allows it). */
    void install() {
        for (String name : new String[] {"INT", "TERM"}) {
            try {
                sun.misc.Signal signal = new sun.misc.Signal(name);
                sun.misc.SignalHandler previous = sun.misc.Signal.handle(signal, s -> fire());
                restore.add(() -> sun.misc.Signal.handle(signal, previous));
            } catch (IllegalArgumentException e) {
                // The signal is not available here (or reserved by the JVM): the default applies.
            }
        }
    }

    @Override
    public void close() {
        restore.forEach(Runnable::run);
        restore.clear();
    }
}
