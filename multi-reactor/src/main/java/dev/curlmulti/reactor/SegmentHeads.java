package dev.curlmulti.reactor;

import dev.curlmulti.core.loop.TransferHead;

/** What a segmented download reads from a response head: the range, the validators, the coding. */
final class SegmentHeads {
    private SegmentHeads() {}

    /** {@code [first, last, complete length]} of a {@code Content-Range: bytes a-b/N}, or null when absent or odd. */
    static long[] contentRange(TransferHead head) {
        String value = head.headers().first("Content-Range");
        if (value == null || !value.regionMatches(true, 0, "bytes ", 0, 6)) {
            return null;
        }
        int dash = value.indexOf('-', 6);
        int slash = value.indexOf('/', 6);
        if (dash < 0 || slash < dash) {
            return null;
        }
        try {
            long first = Long.parseLong(value.substring(6, dash).trim());
            long last = Long.parseLong(value.substring(dash + 1, slash).trim());
            long length = Long.parseLong(value.substring(slash + 1).trim());
            return first < 0 || last < first || length <= last ? null : new long[] {first, last, length};
        } catch (NumberFormatException e) {
            return null;
        }
    }

    /** The head's ETag and Last-Modified, or null when it has neither. */
    static Validators validators(TransferHead head) {
        String etag = head.headers().first("ETag");
        String modified = head.headers().first("Last-Modified");
        try {
            return Validators.of(etag, modified);
        } catch (IllegalArgumentException e) {
            return null;
        }
    }

    /**
     * The {@code If-Range} value that makes a server send the whole file instead of a range of
     * another version: the ETag when it is strong (a weak one is not allowed there), else the
     * Last-Modified date; null when there is neither.
     */
    static String ifRange(Validators validators) {
        String etag = validators.etag();
        if (etag != null && !etag.startsWith("W/")) {
            return etag;
        }
        return validators.lastModified();
    }

    /** Whether the body is the bytes of the file themselves (no content coding). */
    static boolean identity(TransferHead head) {
        String coding = head.headers().first("Content-Encoding");
        return coding == null || coding.isBlank() || coding.trim().equalsIgnoreCase("identity");
    }

    /**
     * Checks that {@code head} answers a part's range request with that range of the planned
     * version, and returns its {@code [first, last, complete length]}.
     *
     * @throws FileDownload.StartOver the file changed (a {@code 200} to {@code If-Range}, a
     *     {@code 416}, another length or validator, a range from elsewhere)
     * @throws FileDownload.UncheckedHttpStatus an error status
     */
    static long[] checkPart(TransferHead head, SegmentPlan.Part part, SegmentPlan plan, CurlRequest request) {
        int status = head.status();
        if (status == 200 || status == 416) {
            throw new FileDownload.StartOver(
                    "the file changed: the server answered " + status + " for part " + part.index);
        }
        if (status < 200 || status > 299) {
            throw new FileDownload.UncheckedHttpStatus(
                    new HttpStatusException(request.toString(), status, head.headers(), new byte[0]));
        }
        long[] range = contentRange(head);
        if (status != 206
                || range == null
                || range[0] != part.next()
                || range[2] != plan.length()
                || !identity(head)
                || !java.util.Objects.equals(validators(head), plan.validators())) {
            throw new FileDownload.StartOver("part " + part.index + " is not of the planned file: " + status + " "
                    + head.headers().first("Content-Range") + " " + validators(head));
        }
        return range;
    }
}
