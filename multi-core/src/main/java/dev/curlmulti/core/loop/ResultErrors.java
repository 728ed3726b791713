package dev.curlmulti.core.loop;

import dev.curlmulti.core.CurlException;
import dev.curlmulti.core.CurlProtocolException;
import dev.curlmulti.core.CurlTooLargeException;
import dev.curlmulti.core.internal.EasyHandle;

/**
 * The typed exception a transfer's handler gets for libcurl's result code, where libcurl's own code
 * says less than the engine knows: a response head too large for libcurl (reported as out of memory
 * before 8.6, as "too large" since), and a success that ended inside a head. Every other code maps
 * through {@link CurlException#of}. {@link RealTransfer#outcome} decides first whether a cancel or the
 * handler's own failure wins. Loop thread: it reads the handle's error text, before the handle is
 * released.
 */
final class ResultErrors {
    private static final int CURLE_PARTIAL_FILE = 18;
    private static final int CURLE_OUT_OF_MEMORY = 27;
    private static final int CURLE_TOO_LARGE = 100;

    private ResultErrors() {}

    /**
     * The error for a non-zero {@code result} on {@code easy}; {@code headDelivered}: the final head
     * has reached the handler (after it, "too large" is no longer about the head).
     */
    static CurlException of(int result, EasyHandle easy, boolean headDelivered) {
        boolean inHttpHead = !headDelivered && easy.options().facts().httpUrl();
        if (result == CURLE_OUT_OF_MEMORY && inHttpHead) {
            // libcurl before 8.6 reports a response header line over its 100 KiB line buffer as
            // "out of memory" (8.6+ says CURLE_TOO_LARGE); a real allocation failure while the
            // head is arriving is far rarer than a server sending such a line.
            return new CurlTooLargeException(
                    result,
                    "a response header line exceeds libcurl's limit of 100 KiB (" + easy.errorText(result) + ")");
        } else if (result == CURLE_TOO_LARGE && inHttpHead) {
            // 8.6+ names no field in its text ("A value or data field grew larger than allowed"):
            // before the head was delivered, what grew too large was the response head.
            return new CurlTooLargeException(
                    result, "the response header exceeds libcurl's limits (" + easy.errorText(result) + ")");
        }
        return CurlException.of(result, easy.errorText(result));
    }

    /**
     * libcurl reported success, but the connection ended inside a response head (after its status
     * line, before its blank line) or right after an interim response: libcurl 7.88 and 8.14 both
     * accept that, leaving no head to deliver and no status that belongs to one.
     */
    static CurlProtocolException incompleteHead() {
        return new CurlProtocolException(
                CURLE_PARTIAL_FILE,
                "the connection ended inside the response head, before"
                        + " the blank line that ends it (libcurl reported success)");
    }
}
