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
 * @param activeFiles     file names being transferred, when there are at most five (else empty)
 */
public record DownloadProgress(
        long filesDone,
        long filesFailed,
        long filesActive,
        long bytes,
        double bytesPerSecond,
        long elapsedMillis,
        java.util.List<String> activeFiles) {}
