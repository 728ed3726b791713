package dev.curlmulti.core;

import java.io.EOFException;
import java.net.ConnectException;
import java.net.SocketException;
import java.net.SocketTimeoutException;
import java.net.UnknownHostException;
import javax.net.ssl.SSLException;
import javax.net.ssl.SSLHandshakeException;

/**
 * The JDK exception each {@link CurlException} carries as its cause, so code written for other
 * clients recognises the failure by the types it already filters on: retry rules on
 * {@link ConnectException}, {@link UnknownHostException}, {@link SocketTimeoutException},
 * {@link SSLHandshakeException}, {@link EOFException}. The cause holds libcurl's text; any cause the
 * failure already had (a callback's exception) becomes the standard exception's own cause.
 */
final class StandardCauses {
    private StandardCauses() {}

    static ConnectException connect(String text, Throwable cause) {
        return withCause(new ConnectException(text), cause);
    }

    static UnknownHostException dns(String text, Throwable cause) {
        return withCause(new UnknownHostException(text), cause);
    }

    /**
     * A {@link SocketTimeoutException}; when the connection was still being made (libcurl's
     * connect-phase texts), its cause is a {@link ConnectException}, so a connect timeout is found
     * by both a timeout filter and, as the root cause, a connect-failure retry rule, as with
     * Netty's {@code ConnectTimeoutException}.
     */
    static SocketTimeoutException timeout(String text, Throwable cause) {
        SocketTimeoutException timeout = new SocketTimeoutException(text);
        if (isConnectPhase(text)) {
            timeout.initCause(connect(text, cause));
        } else if (cause != null) {
            timeout.initCause(cause);
        }
        return timeout;
    }

    /**
     * An {@link SSLHandshakeException} for a failed handshake or certificate check; a plain
     * {@link SSLException} for a TLS error on an established connection (a send or receive error),
     * unless its alert is about certificates or the handshake (TLS 1.3 reports a refused client
     * certificate on the first read).
     */
    static SSLException tls(int code, String text, Throwable cause) {
        boolean afterHandshake = code == 55 || code == 56;
        String lower = text == null ? "" : text.toLowerCase(java.util.Locale.ROOT);
        SSLException tls = !afterHandshake || lower.contains("certificate") || lower.contains("handshake")
                ? new SSLHandshakeException(text)
                : new SSLException(text);
        return withCause(tls, cause);
    }

    /** A body or reply cut short: the connection ended before the response did. */
    static EOFException cutShort(String text, Throwable cause) {
        return withCause(new EOFException(text), cause);
    }

    /** A connection reset or broken while sending or receiving. */
    static SocketException socket(String text, Throwable cause) {
        return withCause(new SocketException(text), cause);
    }

    private static boolean isConnectPhase(String text) {
        if (text == null) {
            return false;
        }
        // libcurl 7.x and 8.x word a timeout before the connection is up in these ways.
        return text.startsWith("Connection timeout after")
                || text.startsWith("Connection timed out after")
                || text.startsWith("Failed to connect to")
                || text.startsWith("Resolving timed out")
                || text.startsWith("SSL connection timeout");
    }

    private static <T extends Throwable> T withCause(T standard, Throwable cause) {
        if (cause != null) {
            standard.initCause(cause);
        }
        return standard;
    }
}
