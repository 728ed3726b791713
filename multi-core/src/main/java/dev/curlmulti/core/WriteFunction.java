package dev.curlmulti.core;

import java.io.IOException;
import java.nio.ByteBuffer;

/**
 * Receives response bytes ({@link CurlOpt#WRITEFUNCTION}) or header lines
 * ({@link CurlOpt#HEADERFUNCTION}), like pycurl's write and header callbacks.
 *
 * <p>Called on the thread that drives the transfer (inside {@link Curl#perform()} or
 * {@link CurlMulti#perform()}). {@code data} is a read-only view of libcurl's buffer, valid only
 * during the call: copy what you keep. Must not call libcurl (except {@link Curl#pause(int)}).
 */
@FunctionalInterface
public interface WriteFunction {
    /**
     * @return the number of bytes taken, which must be the chunk's full size to go on;
     *         {@link Curl#WRITEFUNC_PAUSE} pauses the transfer (the same chunk is delivered again
     *         after {@link Curl#pause(int) unpausing}); any other value aborts it with
     *         {@code CURLE_WRITE_ERROR}.
     * @throws IOException or any exception: aborts the transfer, and {@code perform} reports it
     */
    int write(ByteBuffer data) throws IOException;
}
