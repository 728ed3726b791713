package dev.curlmulti.core.loop;

import java.nio.ByteBuffer;

/**
 * Request body bytes for a transfer, pulled by libcurl's read callback on the loop thread.
 * Never block here: when no bytes are ready return 0, and call {@link Transfer#resume()} once
 * some are (the transfer's sending is paused until then).
 */
@FunctionalInterface
public interface UploadSource {
    /**
     * Copies up to {@code target.remaining()} bytes into {@code target} (a view of libcurl's
     * buffer, valid only during the call).
     *
     * @return bytes written; 0 when none are ready yet; -1 at the end of the body
     */
    int read(ByteBuffer target);
}
