package dev.curlmulti.reactor;

/**
 * A snapshot of a batch of downloads, for a progress bar.
 *
 * @param filesDone       finished successfully
 * @param filesFailed     finished with an error (after retries)
 * @param filesActive     transferring now
 * @param bytes           body bytes received so far (all files, all attempts)
 * @param bytesPerSecond  rate over the last interval
 * @param elapsedMillis   since the batch started
 */
public record DownloadProgress(long filesDone, long filesFailed, long filesActive, long bytes, double bytesPerSecond,
                               long elapsedMillis) {
}
