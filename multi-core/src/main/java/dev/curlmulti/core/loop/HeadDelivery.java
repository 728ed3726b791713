package dev.curlmulti.core.loop;

import dev.curlmulti.core.CurlProtocolException;
import dev.curlmulti.core.CurlTooLargeException;
import dev.curlmulti.core.internal.EasyHandle;

/**
 * What of a transfer's header lines reaches its handler: every line to {@code onHeaderLine}, the
 * final head once to {@code onHead} (a head libcurl may still replace is held until body bytes, the
 * upgrade or the completion confirm it), and trailers within the engine's limits. Part of
 * {@link RealTransfer}; loop thread only, from libcurl's header and write callbacks and the
 * transfer's end. What the handler throws goes to the caller.
 */
final class HeadDelivery {
    private static final int CURLE_WEIRD_SERVER_REPLY = 8;
    private static final int CURLE_TOO_LARGE = 100;

    private final HeadParser heads = new HeadParser();
    private final TransferHandler handler;
    private final EasyHandle easy;
    private boolean delivered;
    /** Trailer bytes and lines received, against the engine's limits in {@link TransferHandler}. */
    private int trailerBytes;

    private int trailerLines;

    HeadDelivery(TransferHandler handler, EasyHandle easy) {
        this.handler = handler;
        this.easy = easy;
    }

    /**
     * One header line from libcurl's header callback.
     *
     * @return the error that ends the transfer (libcurl began another response after the one
     *         delivered as final, or the trailers passed the limits), else null
     */
    Throwable onLine(long address, int size) {
        switch (heads.onLine(address, size, easy)) {
            case FINAL -> {
                handler.onHeaderLine(size, false);
                deliver(heads.takeFinal());
            }
            case TRAILER -> {
                Throwable tooMany = countTrailer(size);
                if (tooMany != null) {
                    return tooMany;
                }
                handler.onHeaderLine(size, true);
            }
            case ANOTHER_AFTER_FINAL -> {
                return new CurlProtocolException(
                        CURLE_WEIRD_SERVER_REPLY,
                        "libcurl began another response"
                                + " (a redirect or an authentication round) after the one delivered as final; its head"
                                + " and body cannot be this one's");
            }
            default -> handler.onHeaderLine(size, false);
        }
        return null;
    }

    /** Counts one trailer line; the error that ends the transfer once trailers pass the engine's limits. */
    private Throwable countTrailer(int size) {
        trailerBytes += size;
        trailerLines++;
        if (trailerBytes <= TransferHandler.MAX_TRAILER_BYTES && trailerLines <= TransferHandler.MAX_TRAILER_LINES) {
            return null;
        }
        return new CurlTooLargeException(
                CURLE_TOO_LARGE,
                "the response trailers exceed the limit of " + TransferHandler.MAX_TRAILER_BYTES + " bytes or "
                        + TransferHandler.MAX_TRAILER_LINES + " lines");
    }

    /** Body bytes arrived: the head goes first, if it has not. */
    void beforeBody() {
        if (!delivered) {
            // libcurl writes no body for a response it will replace (it ignores that body), so
            // body bytes confirm a held head. Without one the body is another protocol's (or an
            // HTTP/0.9 reply's, when allowed), which has no head.
            TransferHead confirmed = heads.takeHeld();
            deliver(confirmed != null ? confirmed : new TransferHead(0, "", "", Headers.empty()));
        }
    }

    /** A connect-only transfer's upgrade succeeded: its held head (the 101) goes to the handler. */
    void atUpgrade() {
        TransferHead head = delivered ? null : heads.takeHeld();
        if (head != null) {
            deliver(head);
        }
    }

    /** The transfer succeeded: the head goes to the handler, if it has not (an empty one of {@code status}). */
    void atSuccess(int status) {
        if (!delivered) {
            TransferHead confirmed = heads.takeHeld();
            if (confirmed == null) {
                // Another protocol, or an HTTP transfer without any body or head (HTTP/0.9, when allowed).
                confirmed = new TransferHead(status, "", "", Headers.empty());
            }
            deliver(confirmed);
        }
    }

    /** True once the handler had its head. */
    boolean delivered() {
        return delivered;
    }

    /** True when no head was delivered and the lines ended inside one (or right after an interim one). */
    boolean endedInsideAHead() {
        return !delivered && heads.incomplete();
    }

    private void deliver(TransferHead head) {
        delivered = true;
        handler.onHead(head);
    }
}
