package dev.curlmulti.core.loop;

/**
 * The head of the final response: not a 1xx, not a redirect libcurl follows, not an
 * authentication challenge libcurl answers.
 *
 * @param status        the status code (for non-HTTP protocols, 0)
 * @param reason        the reason phrase as the server sent it on an HTTP/1.x status line ({@code "Not Found"});
 *                      empty where the protocol has none (HTTP/2, HTTP/3, non-HTTP) or the server sent none
 * @param httpVersion   as on the status line: {@code HTTP/1.1}, {@code HTTP/2}, {@code HTTP/3} (empty for non-HTTP)
 * @param headers       every header field of that response
 * @param redirectedUrl the URL this response came from ({@code CURLINFO_EFFECTIVE_URL}) when libcurl followed
 *                      a redirect to reach it; null when it answers the URL the transfer asked for. Read only
 *                      after a redirect, so a transfer without one pays nothing for it.
 */
public record TransferHead(int status, String reason, String httpVersion, Headers headers, String redirectedUrl) {
    /** A head that answers the URL the transfer asked for (no redirect followed). */
    public TransferHead(int status, String reason, String httpVersion, Headers headers) {
        this(status, reason, httpVersion, headers, null);
    }
}
