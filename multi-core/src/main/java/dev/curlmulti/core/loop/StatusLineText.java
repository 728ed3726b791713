package dev.curlmulti.core.loop;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;

/**
 * The text a status line adds to what libcurl reports: the reason phrase, and the version's name.
 * The status and version themselves are libcurl's ({@link HeadParser}); this only reads the phrase
 * that belongs to them.
 */
final class StatusLineText {
    private static final byte[] HTTP1 = "HTTP/1.".getBytes(StandardCharsets.US_ASCII);

    private StatusLineText() {}

    /**
     * The text after the code on an HTTP/1.x status line whose code is libcurl's status; otherwise
     * empty: HTTP/2 and 3 have none, and a line libcurl read leniently (a lower-case {@code http/},
     * taken as a 200 whatever its digits) has none that belongs to that status.
     */
    static String reason(byte[] block, int end, int status) {
        int i = 0;
        while (i < end && isBlank(block[i])) {
            i++;
        }
        if (end - i < HTTP1.length + 1 || !Arrays.equals(block, i, i + HTTP1.length, HTTP1, 0, HTTP1.length)) {
            return "";
        }
        i += HTTP1.length + 1; // the minor version digit
        int digits = i;
        while (i < end && isBlank(block[i])) {
            i++;
        }
        if (i == digits || end - i < 3 || code(block, i) != status) {
            return "";
        }
        return phrase(block, i + 3, end);
    }

    private static int code(byte[] block, int at) {
        int code = 0;
        for (int i = at; i < at + 3; i++) {
            if (block[i] < '0' || block[i] > '9') {
                return -1;
            }
            code = code * 10 + (block[i] - '0');
        }
        return code;
    }

    /** The reason phrase as sent (trimmed); the common {@code OK} without a new string. */
    private static String phrase(byte[] block, int start, int end) {
        while (start < end && isBlank(block[start])) {
            start++;
        }
        while (end > start && isBlank(block[end - 1])) {
            end--;
        }
        if (end - start == 2 && block[start] == 'O' && block[start + 1] == 'K') {
            return "OK";
        }
        return start == end ? "" : new String(block, start, end - start, StandardCharsets.ISO_8859_1);
    }

    private static boolean isBlank(byte b) {
        return b == ' ' || b == '\t';
    }

    /** libcurl's {@code CURL_HTTP_VERSION_*} for a response, as a status line names it. */
    static String versionName(long curlVersion) {
        return switch ((int) curlVersion) {
            case 1 -> "HTTP/1.0";
            case 2 -> "HTTP/1.1";
            case 3 -> "HTTP/2";
            case 30 -> "HTTP/3";
            default -> "";
        };
    }
}
