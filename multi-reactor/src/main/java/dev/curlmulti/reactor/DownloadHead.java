package dev.curlmulti.reactor;

import dev.curlmulti.core.loop.TransferHead;

/**
 * What a download reads from a response head: the byte range it carries, the body length it
 * declares and the validators of the version it describes. Stateless; header values that do not
 * parse read as unknown ({@code -1} or null), never as an error, since the body and the final
 * verification still decide.
 */
final class DownloadHead {
    private DownloadHead() {}

    /** The complete length of a {@code Content-Range} ({@code bytes a-b/N} or {@code bytes *}{@code /N}), or -1. */
    static long completeLength(TransferHead head) {
        String range = head.headers().first("Content-Range");
        int slash = range == null ? -1 : range.lastIndexOf('/');
        return slash < 0 ? -1 : parseOrMinusOne(range.substring(slash + 1));
    }

    /** The first byte of a {@code Content-Range: bytes a-b/N}, or -1. */
    static long rangeStart(TransferHead head) {
        String range = head.headers().first("Content-Range");
        if (range == null || !range.regionMatches(true, 0, "bytes ", 0, 6)) {
            return -1;
        }
        int dash = range.indexOf('-', 6);
        return dash < 0 ? -1 : parseOrMinusOne(range.substring(6, dash));
    }

    /** The body length the head declares, when the bytes written will be exactly those (no content coding); else -1. */
    static long identityLength(TransferHead head) {
        String length = head.headers().first("Content-Length");
        return length == null || !identityCoded(head) ? -1 : parseOrMinusOne(length);
    }

    /**
     * The whole file's length as the head announces it: a continued range's complete length, else
     * the body's; -1 when unknown, as under a content coding (the file holds the decoded bytes).
     */
    static long fileLength(TransferHead head, boolean continued) {
        if (!identityCoded(head)) {
            return -1;
        }
        return continued ? completeLength(head) : identityLength(head);
    }

    /** Whether the body is written as sent (no content coding), so the head's lengths count the file's bytes. */
    static boolean identityCoded(TransferHead head) {
        String coding = head.headers().first("Content-Encoding");
        return coding == null || coding.isBlank() || coding.trim().equalsIgnoreCase("identity");
    }

    /**
     * The {@code ETag} and {@code Last-Modified} of the head, each falling back to {@code sent}'s
     * (a {@code 304} need not repeat them); null when neither has any.
     */
    static Validators validators(TransferHead head, Validators sent) {
        String etag = usable(head.headers().first("ETag"));
        String lastModified = usable(head.headers().first("Last-Modified"));
        if (sent != null) {
            etag = etag != null ? etag : sent.etag();
            lastModified = lastModified != null ? lastModified : sent.lastModified();
        }
        return Validators.of(etag, lastModified);
    }

    /** A header value worth keeping as a validator: not blank (libcurl already split off CR LF). */
    private static String usable(String value) {
        return value == null || value.isBlank() ? null : value.trim();
    }

    private static long parseOrMinusOne(String number) {
        try {
            return Long.parseLong(number.trim());
        } catch (NumberFormatException e) {
            return -1;
        }
    }
}
