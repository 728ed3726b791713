package dev.curlmulti.core;

/**
 * A finished transfer's facts, read from libcurl once when it completes.
 *
 * @param responseCode    the last response code ({@code CURLINFO_RESPONSE_CODE})
 * @param timings         per-phase timings, or {@link TransferTimings#NONE} when not collected
 * @param bytesDownloaded body bytes received (after decoding)
 * @param bytesUploaded   body bytes sent
 * @param redirects       redirects followed
 */
public record TransferResult(int responseCode, TransferTimings timings, long bytesDownloaded, long bytesUploaded,
                             int redirects) {
}
