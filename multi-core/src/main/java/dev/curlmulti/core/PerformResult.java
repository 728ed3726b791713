package dev.curlmulti.core;

/**
 * What {@link CurlMulti#perform()} returns, pycurl's {@code (ret, num_handles)}.
 *
 * @param status        {@code CURLM_OK} (0), or {@link CurlMulti#E_CALL_MULTI_PERFORM} (-1) from old
 *                      libcurl versions asking to be called again at once
 * @param activeHandles transfers still running
 */
public record PerformResult(int status, int activeHandles) {}
