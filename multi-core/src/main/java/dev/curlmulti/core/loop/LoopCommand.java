package dev.curlmulti.core.loop;

/** One message to a loop thread: the only way other threads ask a {@link CurlEventLoop} for work. */
sealed interface LoopCommand {
    /** Add the transfer's handle to the multi (or fail it, if it was cancelled first). */
    record Start(RealTransfer transfer) implements LoopCommand {}

    /** Remove the transfer and fail it with its cancellation error. */
    record Cancel(RealTransfer transfer) implements LoopCommand {}

    /** Unpause the transfer. */
    record Resume(RealTransfer transfer) implements LoopCommand {}

    /** Run {@code task} on the loop thread; one that must not be dropped runs after a close too. */
    record Task(Runnable task, boolean evenAfterClose) implements LoopCommand {}

    /** Leave the loop: end every transfer, free everything. */
    record Shutdown() implements LoopCommand {}
}
