package dev.curlmulti.core.loop;

import dev.curlmulti.core.CurlInfo;
import dev.curlmulti.core.internal.EasyHandle;
import dev.curlmulti.core.internal.HandleFacts;
import dev.curlmulti.core.internal.NativeBinding;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;

/**
 * Collects the lines libcurl passes to the header callback into response heads, and decides which
 * head is the final one. Where a response starts and what its status is come from libcurl, never
 * from this class guessing at the bytes: libcurl looks for a status line only at the first line
 * after a head ends ({@code k->headerline == 0} in http.c, 7.88 and 8.14), and it stores the status
 * and version ({@code CURLINFO_RESPONSE_CODE}, {@code CURLINFO_HTTP_VERSION}) before it hands that
 * line to the header callback ({@code Curl_http_statusline} in 7.88, {@code http_statusline} in
 * 8.14). So the first line of a response is its status line whatever its bytes say (libcurl reads
 * {@code http/1.1 404 x} as an HTTP/1.0 200), and a field that looks like one
 * ({@code HTTP/1.1 100 Continue: x}) is a field. Calling {@code curl_easy_getinfo} from the header
 * callback is allowed by libcurl (it only reads stored values; curl's own {@code tool_header_cb}
 * does it): the one exception to DESIGN's rule 2 besides {@code curl_easy_pause}.
 *
 * <p>libcurl shows every response it reads. Which head is final mirrors what libcurl 7.88 and 8.14 do:
 * <ul>
 *   <li>1xx is interim (libcurl reads the next status line at once), but 101 is final unless the
 *       request asked to upgrade to h2c;</li>
 *   <li><em>held</em>: a head libcurl may replace by asking again ({@code data->req.newurl}, which
 *       also makes it ignore that response's body): a 3xx with a non-empty {@code Location} when
 *       FOLLOWLOCATION is on (any 3xx, 304 included: http.c sets the new URL for every one, and
 *       {@code Curl_follow} follows it); a 401/407 when a multi-pass scheme (digest, NTLM,
 *       negotiate) is allowed, and with such a scheme any 2xx, the answer to the empty-bodied probe
 *       libcurl sends first ({@code Curl_http_auth_act}: {@code authneg && httpcode < 300}); a 417,
 *       after which libcurl repeats an upload without {@code Expect}. A held head becomes final when
 *       body bytes or completion follow it, and is dropped when libcurl starts another response;</li>
 *   <li>anything else is final at its blank line.</li>
 * </ul>
 * libcurl starts another response only through {@code Curl_follow} ({@code multi_follow} in 8.14)
 * with {@code FOLLOW_REDIR}, which counts it in {@code CURLINFO_REDIRECT_COUNT}; lines that come
 * after a head without that count moving are trailers of its body (chunked trailers reach the
 * header callback even for a body libcurl ignores).
 *
 * <p>Only the status line is parsed as it arrives, and only for its reason phrase: the field lines
 * are copied once, from libcurl's buffer into one byte array, and become {@link Headers} parsed on
 * first access; trailer lines are not copied at all. Loop-thread only.
 *
 * <p>When libcurl decodes the body ({@link HandleFacts#decodesContent()}) the head describes what
 * the caller receives, as OkHttp's transparent gzip and Netty's decompressor do: a response that
 * can carry a body loses its {@code Content-Encoding} and {@code Content-Length} lines (the latter
 * counts encoded bytes), so a reader that trusts the length reads the whole decoded body.
 */
final class HeadParser {
    private static final NativeBinding NATIVE = NativeBinding.get();
    private static final byte[] CONTENT_ENCODING = "content-encoding:".getBytes(StandardCharsets.US_ASCII);
    private static final byte[] CONTENT_LENGTH = "content-length:".getBytes(StandardCharsets.US_ASCII);
    private static final byte[] LOCATION = "location:".getBytes(StandardCharsets.US_ASCII);

    /** What the next header line is, by libcurl's reading of the responses so far. */
    private enum Next {
        STATUS_LINE,
        FIELD,
        AFTER_HELD,
        AFTER_FINAL
    }

    /** What a header line means for the caller. */
    enum Outcome {
        /** A line of a head (status, field or the blank line) that is not the final head's last. */
        HEAD_LINE,
        /** The blank line of the final head: {@link #takeFinal()} has it. */
        FINAL,
        /** A trailer of a response's body. */
        TRAILER,
        /** libcurl began another response after the one already taken as final. */
        ANOTHER_AFTER_FINAL,
        /** A line of another protocol (an FTP reply, say): no HTTP head is in it. */
        OTHER_PROTOCOL
    }

    private Next next = Next.STATUS_LINE;
    /** Whether libcurl speaks HTTP for the current response; null until the first line. */
    private Boolean http;
    /** Field lines of the response being read (no status line), as received. */
    private byte[] block;

    private int length;
    private int status;
    private String reason = "";
    private String version = "";
    /** A {@code Content-Encoding} line of the current head was left out: libcurl decodes the body. */
    private boolean droppedEncoding;
    /** The current head is a 3xx with a {@code Location} libcurl would follow. */
    private boolean followableLocation;

    private boolean sawStatusLine;
    /** {@code CURLINFO_REDIRECT_COUNT} when the last head ended. */
    private long redirectsAtHeadEnd;

    private TransferHead held;
    /** The head completed by the last {@link Outcome#FINAL}. */
    private TransferHead ready;

    /** One header line of {@code size} bytes (with its line end) at {@code address} in libcurl's buffer. */
    Outcome onLine(long address, int size, EasyHandle easy) {
        if (http == null) {
            http = speaksHttp(easy, false);
        }
        if (!http) {
            return Outcome.OTHER_PROTOCOL;
        }
        switch (next) {
            case STATUS_LINE -> {
                statusLine(address, size, easy);
                return Outcome.HEAD_LINE;
            }
            case FIELD -> {
                return fieldLine(address, size, easy);
            }
            case AFTER_HELD -> {
                if (easy.getinfoLong(CurlInfo.REDIRECT_COUNT) == redirectsAtHeadEnd) {
                    return Outcome.TRAILER;
                }
                held = null; // libcurl asked again: this line starts the response that replaces it
                http = speaksHttp(easy, true); // a redirect may lead to another protocol, where allowed
                if (!http) {
                    return Outcome.OTHER_PROTOCOL;
                }
                statusLine(address, size, easy);
                return Outcome.HEAD_LINE;
            }
            default -> {
                return easy.getinfoLong(CurlInfo.REDIRECT_COUNT) == redirectsAtHeadEnd
                        ? Outcome.TRAILER
                        : Outcome.ANOTHER_AFTER_FINAL;
            }
        }
    }

    /**
     * Whether libcurl speaks HTTP (or WebSocket, whose handshake is HTTP) for the current response: a
     * URL that names such a scheme says so at no cost; otherwise, or after a redirect, libcurl's own
     * {@code CURLINFO_SCHEME} does (it guesses schemes this class would only imitate).
     */
    private static boolean speaksHttp(EasyHandle easy, boolean ask) {
        if (!ask && easy.options().facts().namesHttpScheme()) {
            return true;
        }
        Object scheme = easy.getinfo(CurlInfo.SCHEME);
        return scheme instanceof String name
                && (name.regionMatches(true, 0, "http", 0, 4) || name.regionMatches(true, 0, "ws", 0, 2));
    }

    private void statusLine(long address, int size, EasyHandle easy) {
        sawStatusLine = true;
        next = Next.FIELD;
        droppedEncoding = false;
        followableLocation = false;
        status = (int) easy.getinfoLong(CurlInfo.RESPONSE_CODE);
        version = StatusLineText.versionName(easy.getinfoLong(CurlInfo.HTTP_VERSION));
        ensureRoom(size);
        NATIVE.read(address, block, 0, size);
        reason = StatusLineText.reason(block, lineEnd(0, size), status);
        length = 0; // the status line is not a field
    }

    private Outcome fieldLine(long address, int size, EasyHandle easy) {
        ensureRoom(length + size);
        NATIVE.read(address, block, length, size);
        int start = length;
        int end = lineEnd(start, start + size);
        HandleFacts facts = easy.options().facts();
        if (end == start) {
            return endOfHead(easy, facts);
        }
        if (status >= 300 && status < 400 && isField(start, end, LOCATION) && hasValue(start + LOCATION.length, end)) {
            followableLocation = true;
        }
        if (facts.decodesContent() && isField(start, end, CONTENT_ENCODING) && bodyDecoded(facts)) {
            droppedEncoding = true; // left out: length stays at the line's start
        } else {
            length = start + size; // keep the field line
        }
        return Outcome.HEAD_LINE;
    }

    private Outcome endOfHead(EasyHandle easy, HandleFacts facts) {
        if (droppedEncoding) {
            dropContentLength();
        }
        Headers headers = Headers.ofHeaderBlock(block, length);
        // The lines become the head's: a later response starts a new array.
        block = null;
        length = 0;
        if (status >= 100 && status < 200 && (status != 101 || facts.upgradesToH2c())) {
            next = Next.STATUS_LINE;
            return Outcome.HEAD_LINE;
        }
        redirectsAtHeadEnd = easy.getinfoLong(CurlInfo.REDIRECT_COUNT);
        // Where a redirected response came from (a cookie store files its Set-Cookie under it); read
        // only after a redirect, so the common transfer makes no extra call.
        String redirectedUrl = redirectsAtHeadEnd > 0 ? (String) easy.getinfo(CurlInfo.EFFECTIVE_URL) : null;
        TransferHead head = new TransferHead(status, reason, version, headers, redirectedUrl);
        if (mayBeReplaced(facts)) {
            held = head;
            next = Next.AFTER_HELD;
            return Outcome.HEAD_LINE;
        }
        ready = head;
        next = Next.AFTER_FINAL;
        return Outcome.FINAL;
    }

    /** Whether libcurl may ask again after this head (see the class comment). */
    private boolean mayBeReplaced(HandleFacts facts) {
        boolean multiPass = facts.answersChallenge(false) || facts.answersChallenge(true);
        return (followableLocation && facts.followLocation())
                || (status == 401 && facts.answersChallenge(false))
                || (status == 407 && facts.answersChallenge(true))
                || (status >= 200 && status < 300 && multiPass)
                || status == 417;
    }

    /** The final head just completed. */
    TransferHead takeFinal() {
        TransferHead head = ready;
        ready = null;
        return head;
    }

    /** A held head that body bytes or completion have now confirmed as final; null if none. */
    TransferHead takeHeld() {
        TransferHead head = held;
        held = null;
        return head;
    }

    /**
     * Whether a response began but no head came of it: the connection ended inside a head (after its
     * status line, before its blank line) or right after an interim response.
     */
    boolean incomplete() {
        return Boolean.TRUE.equals(http) && sawStatusLine && (next == Next.FIELD || next == Next.STATUS_LINE);
    }

    /** Whether libcurl decodes this response's body: one it reads at all (not HEAD, 1xx, 204, 304). */
    private boolean bodyDecoded(HandleFacts facts) {
        return !facts.noBody() && status >= 200 && status != 204 && status != 304;
    }

    private void ensureRoom(int size) {
        if (block == null) {
            block = new byte[Math.max(256, size)];
        } else if (size > block.length) {
            block = Arrays.copyOf(block, Math.max(size, block.length * 2));
        }
    }

    /** The end of the line in {@code [start, end)} without its CR LF. */
    private int lineEnd(int start, int end) {
        while (end > start && (block[end - 1] == '\n' || block[end - 1] == '\r')) {
            end--;
        }
        return end;
    }

    /** Whether the line {@code [start, end)} is the field {@code name} (lower case, colon included). */
    private boolean isField(int start, int end, byte[] name) {
        if (end - start < name.length) {
            return false;
        }
        for (int i = 0; i < name.length; i++) {
            byte b = block[start + i];
            if ((b >= 'A' && b <= 'Z' ? b + 32 : b) != name[i]) {
                return false;
            }
        }
        return true;
    }

    /** Whether {@code [start, end)} holds more than white space (libcurl's {@code Curl_copy_header_value}). */
    private boolean hasValue(int start, int end) {
        for (int i = start; i < end; i++) {
            byte b = block[i];
            if (b != ' ' && b != '\t' && b != '\r' && b != '\n' && b != 0x0b && b != '\f') {
                return true;
            }
        }
        return false;
    }

    /** Drops the {@code Content-Length} lines of the block (once its encoding was left out). */
    private void dropContentLength() {
        int read = 0;
        int write = 0;
        while (read < length) {
            int next = read;
            while (next < length && block[next] != '\n') {
                next++;
            }
            next = Math.min(length, next + 1);
            if (!isField(read, next, CONTENT_LENGTH)) {
                System.arraycopy(block, read, block, write, next - read);
                write += next - read;
            }
            read = next;
        }
        length = write;
    }
}
