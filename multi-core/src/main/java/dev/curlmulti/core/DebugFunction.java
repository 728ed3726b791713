package dev.curlmulti.core;

import java.nio.ByteBuffer;

/**
 * libcurl's verbose output ({@link CurlOpt#DEBUGFUNCTION}, shown when {@link CurlOpt#VERBOSE} is on).
 * {@code type} is a {@code curl_infotype}: {@link Curl#INFO_TEXT}, {@link Curl#INFO_HEADER_IN},
 * {@link Curl#INFO_HEADER_OUT}, {@link Curl#INFO_DATA_IN}, {@link Curl#INFO_DATA_OUT} and the SSL
 * variants.
 *
 * <p>Called on the thread that drives the transfer (inside {@link Curl#perform()} or
 * {@link CurlMulti#perform()}). {@code data} is a view of libcurl's buffer, valid only during the
 * call: copy what you keep. Must not call libcurl.
 */
@FunctionalInterface
public interface DebugFunction {
    void debug(int type, ByteBuffer data);
}
