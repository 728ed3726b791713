package dev.curlmulti.core;

import dev.curlmulti.core.internal.SystemCaBundle;
import java.io.IOException;

/**
 * A transfer failed with a libcurl {@code CURLcode}. Carries the code, its C name (for example
 * {@code CURLE_COULDNT_CONNECT}) and libcurl's error-buffer text, which says more than the
 * code's generic description (for example the host and port that refused the connection).
 *
 * <p>The subclasses also present the JDK's own type as their cause, so code written for other
 * clients keeps working: {@link CurlConnectException} carries a {@link java.net.ConnectException},
 * {@link CurlDnsException} a {@link java.net.UnknownHostException}, {@link CurlTimeoutException} a
 * {@link java.net.SocketTimeoutException} (whose cause, for a connect timeout, is a
 * {@code ConnectException}), {@link CurlTlsException} an {@link javax.net.ssl.SSLHandshakeException}
 * or {@link javax.net.ssl.SSLException}, a body or reply cut short an {@link java.io.EOFException}, and
 * a reset connection (a plain {@code CurlException} for {@code CURLE_SEND_ERROR} /
 * {@code CURLE_RECV_ERROR}) a {@link java.net.SocketException}. Wrappers keep the chain:
 * {@code NestedExceptionUtils.getRootCause(e) instanceof ConnectException} holds for a refused
 * connection under WebClient ({@code WebClientRequestException}) and RestClient
 * ({@code ResourceAccessException}) alike.
 *
 * <p>Where it arrives: thrown by {@link Curl#perform()}, passed to {@code TransferHandler.onError}
 * on the loop thread, and signalled as the error of {@code CurlClient}'s publishers
 * ({@link CurlMulti#infoRead()} reports the same code and text as a {@link Failure} instead). It
 * holds no native resource.
 *
 * <p>When the bundled libcurl is loaded and found no system CA bundle (see {@link CurlVersion#caBundle()}),
 * the message of a certificate failure ({@code CURLE_PEER_FAILED_VERIFICATION},
 * {@code CURLE_SSL_CACERT_BADFILE}) ends with a hint saying where it looked and what to do;
 * {@link #errorText()} stays libcurl's own text.
 */
public class CurlException extends IOException {
    private static final long serialVersionUID = 1L;

    private final int code;
    private final String errorText;

    public CurlException(int code, String errorText) {
        this(code, errorText, null);
    }

    public CurlException(int code, String errorText, Throwable cause) {
        // The hint is non-empty only for a certificate failure under a bundled libcurl without a CA bundle.
        super(CurlCodes.easyName(code) + " (" + code + "): " + errorText + SystemCaBundle.hintFor(code), cause);
        this.code = code;
        this.errorText = errorText;
    }

    /**
     * The exception for {@code code}: a subclass for the kinds callers handle differently
     * ({@link CurlConnectException}, {@link CurlDnsException}, {@link CurlTimeoutException},
     * {@link CurlTlsException}, {@link CurlTooLargeException}, {@link CurlAbortedException},
     * {@link CurlProtocolException}), else a plain {@code CurlException}.
     */
    public static CurlException of(int code, String errorText) {
        return switch (code) {
            case 7 -> new CurlConnectException(code, errorText);
            case 5, 6 -> new CurlDnsException(code, errorText);
            case 28 -> new CurlTimeoutException(code, errorText);
            case 35, 53, 54, 58, 59, 60, 64, 66, 77, 80, 82, 83, 90, 91, 98 -> new CurlTlsException(code, errorText);
            case 63, 100 -> new CurlTooLargeException(code, errorText); // 100: CURLE_TOO_LARGE, libcurl 8.6+
            case 42 -> new CurlAbortedException(code, errorText);
            case 1, 8, 16, 18, 47, 52, 61, 92, 95 -> new CurlProtocolException(code, errorText);
            case 55, 56 -> ofSendOrReceive(code, errorText);
            default -> new CurlException(code, errorText);
        };
    }

    /**
     * A send or receive error says what happened only in libcurl's text: a TLS alert after the
     * handshake (with TLS 1.3 a server refusing the client certificate is seen on the first read,
     * "OpenSSL SSL_read: ...:SSL routines::...alert..."), libcurl's cap on a response head's size
     * ("Too large response headers", CVE-2023-38039, also in distribution builds of 7.88), or a peer
     * that broke the framing: chunked encoding (7.88: "... in chunked-encoding"; 8.x first says
     * "chunk hex-length ..." or "invalid chunk size ...", see lib/http_chunks.c) and WebSocket frames
     * (8.x, lib/ws.c: every such message starts "[WS]"), which are {@link CurlProtocolException}s: the
     * same server answers the same way again, so they are not a reset to retry. Anything else (a
     * reset, a closed socket) stays a plain, retryable {@code CurlException}.
     */
    private static CurlException ofSendOrReceive(int code, String errorText) {
        String text = errorText == null ? "" : errorText;
        if (text.startsWith("Too large response headers")) {
            return new CurlTooLargeException(code, errorText);
        }
        if (isFramingError(text)) {
            return new CurlProtocolException(code, errorText);
        }
        if (text.contains("SSL routines:")) { // OpenSSL 1.1 and 3 both write "SSL routines:"
            return new CurlTlsException(code, errorText);
        }
        return new CurlException(code, errorText, StandardCauses.socket(text, null));
    }

    private static boolean isFramingError(String text) {
        return text.startsWith("[WS]")
                || text.contains("in chunked-encoding")
                || text.startsWith("chunk hex-length")
                || text.startsWith("invalid chunk size");
    }

    /** The {@code CURLcode}. */
    public int code() {
        return code;
    }

    /** The C name of the code, for example {@code CURLE_OPERATION_TIMEDOUT}. */
    public String codeName() {
        return CurlCodes.easyName(code);
    }

    /** libcurl's error-buffer text, or the code's description when the buffer was empty. */
    public String errorText() {
        return errorText;
    }
}
