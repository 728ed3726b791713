package dev.curlmulti.reactor;

/**
 * What identifies one version of a resource on its server: the {@code ETag} and the
 * {@code Last-Modified} date exactly as the server sent them (either may be null, not both).
 * A {@link DownloadResult} carries the ones of the copy it wrote; {@link DownloadRequest#ifUnchanged}
 * sends them back so the server can answer {@code 304 Not Modified}. Immutable.
 *
 * @param etag         the entity tag, quotes and {@code W/} included, or null
 * @param lastModified the HTTP date, or null
 */
public record Validators(String etag, String lastModified) {
    public Validators {
        if (etag == null && lastModified == null) {
            throw new IllegalArgumentException("validators need an ETag or a Last-Modified date");
        }
        if (containsLineBreak(etag) || containsLineBreak(lastModified)) {
            throw new IllegalArgumentException("a validator must not contain CR or LF");
        }
    }

    /** The validators in a response's headers, or null when it has neither. */
    public static Validators of(String etag, String lastModified) {
        return etag == null && lastModified == null ? null : new Validators(etag, lastModified);
    }

    private static boolean containsLineBreak(String value) {
        return value != null && (value.indexOf('\r') >= 0 || value.indexOf('\n') >= 0);
    }
}
