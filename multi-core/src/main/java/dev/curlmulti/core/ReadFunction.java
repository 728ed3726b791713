package dev.curlmulti.core;

import java.io.IOException;

/**
 * Supplies upload bytes ({@link CurlOpt#READFUNCTION}), shaped like {@link java.io.InputStream#read(byte[],
 * int, int)}: {@code (buffer, offset, length) -> in.read(buffer, offset, length)} streams an
 * {@code InputStream} (its -1 at the end means the end of the upload).
 *
 * <p>Called on the thread that drives the transfer; must not call libcurl.
 */
@FunctionalInterface
public interface ReadFunction {
    /**
     * Fills {@code buffer[offset .. offset + length)}.
     *
     * @return the number of bytes written (1..length); 0 or -1 at the end of the upload;
     *         {@link Curl#READFUNC_PAUSE} to pause sending; {@link Curl#READFUNC_ABORT} to abort
     * @throws IOException or any exception: aborts the transfer, and {@code perform} reports it
     */
    int read(byte[] buffer, int offset, int length) throws IOException;
}
