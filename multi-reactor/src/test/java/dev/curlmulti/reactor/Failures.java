package dev.curlmulti.reactor;

import java.time.Duration;
import reactor.core.publisher.Mono;

/** Test helper: the error a {@code Mono} ends with. */
final class Failures {
    private Failures() {}

    /** The error {@code mono} ends with, unwrapped from {@code block()}'s wrapper for checked exceptions. */
    static Throwable errorOf(Mono<?> mono) {
        try {
            mono.block(Duration.ofSeconds(20));
        } catch (RuntimeException e) {
            return reactor.core.Exceptions.unwrap(e);
        }
        throw new AssertionError("completed without an error");
    }
}
