package dev.curlmulti.core.loop;

/**
 * A finished transfer's facts, read from libcurl once when it completes.
 *
 * @param responseCode    the last response code ({@code CURLINFO_RESPONSE_CODE})
 * @param timings         per-phase timings, or {@link TransferTimings#NONE} when not collected
 * @param bytesDownloaded body bytes received, as they arrived (a compressed body counts its encoded bytes)
 * @param bytesUploaded   body bytes sent
 * @param redirects       redirects followed
 * @param newConnections  connections libcurl opened for it ({@code CURLINFO_NUM_CONNECTS}): 0 when it
 *                        reused one, so its connect and TLS timings say nothing about connecting;
 *                        read with the timings, -1 when they were not collected
 */
public record TransferResult(
        int responseCode,
        TransferTimings timings,
        long bytesDownloaded,
        long bytesUploaded,
        int redirects,
        int newConnections) {}
