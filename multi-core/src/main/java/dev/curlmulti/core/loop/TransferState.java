package dev.curlmulti.core.loop;

/**
 * Where a {@link RealTransfer} is in its life, as its loop sees it. Only the transfer moves itself
 * from one state to the next, on the loop thread, through the moves {@link #canMoveTo} allows; any
 * other move is a bug in the engine and throws {@link IllegalStateException}.
 *
 * <pre>
 *   NEW ──► HELD ──► IN_MULTI ◄──► PAUSED
 *    │        │        │   │         │
 *    │        │        │   └► OPEN   │      (a connect-only transfer whose upgrade succeeded)
 *    ▼        ▼        ▼       ▼     ▼
 *   DONE ◄──────────────────────────────
 * </pre>
 */
enum TransferState {
    /** Made, or started and taken by the loop while its handler's {@code onStart} runs; not in libcurl. */
    NEW,
    /** Waiting at the runner's connection gate for room among the transfers waiting in libcurl. */
    HELD,
    /** In a multi handle: libcurl runs it and calls its callbacks. */
    IN_MULTI,
    /** In its multi handle, paused by its write or read callback until the loop unpauses it. */
    PAUSED,
    /**
     * A connect-only transfer (a WebSocket session) whose upgrade succeeded: it stays in its multi
     * handle, which keeps the connection, until a cancel or the loop closing ends it.
     */
    OPEN,
    /** Out of libcurl for good: its handle is given back and its handler ends (or has ended). */
    DONE;

    /** Whether a transfer in this state may move to {@code next}. */
    boolean canMoveTo(TransferState next) {
        return switch (next) {
            case NEW -> false;
            case HELD -> this == NEW;
            case IN_MULTI -> this == NEW || this == HELD || this == PAUSED;
            // PAUSED again: the read callback may pause a transfer the write callback paused.
            case PAUSED -> this == IN_MULTI || this == PAUSED;
            case OPEN -> this == IN_MULTI;
            case DONE -> this != DONE;
        };
    }

    /** True while the transfer's handle is in a multi handle (libcurl may call it back). */
    boolean inMulti() {
        return this == IN_MULTI || this == PAUSED || this == OPEN;
    }
}
