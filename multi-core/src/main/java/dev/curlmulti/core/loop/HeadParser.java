package dev.curlmulti.core.loop;

import dev.curlmulti.core.Headers;
import dev.curlmulti.core.internal.HandleFacts;
import dev.curlmulti.core.internal.NativeBinding;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;

/**
 * Turns the header lines libcurl passes to the header callback into response heads, and decides
 * which head is the final one. libcurl shows every response it reads: 1xx interim responses,
 * redirects it will follow, authentication challenges it will answer. The rules, from what
 * libcurl 7.88 does:
 * <ul>
 *   <li>1xx (but 101) is interim;</li>
 *   <li>a 3xx other than 304 with a non-empty Location is followed when FOLLOWLOCATION is on;</li>
 *   <li>a 401/407 is answered when a multi-pass scheme (digest, NTLM, negotiate) is allowed: such a
 *       head is <em>tentative</em> and becomes final only when body bytes or completion follow it;</li>
 *   <li>anything else is final at its blank line.</li>
 * </ul>
 * Only the status line is parsed as it arrives: the field lines are copied once, from libcurl's
 * buffer into one byte array, and become {@link Headers} parsed on first access. Loop-thread only.
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

    /** Field lines of the response being read (no status line), as received. */
    private byte[] block;
    private int length;
    private int status;
    private String reason = "";
    private String version = "";
    /** A {@code Content-Encoding} line of the current head was left out: libcurl decodes the body. */
    private boolean droppedEncoding;
    private boolean sawStatusLine;
    private TransferHead tentative;
    /** The head completed by the last {@link Outcome#FINAL}. */
    private TransferHead ready;

    /** What a header line means for the caller. */
    enum Outcome { MORE, FINAL, INTERIM }

    /** One header line of {@code size} bytes (with its line end) at {@code address} in libcurl's buffer. */
    Outcome onLine(long address, int size, HandleFacts easy) {
        if (block == null) {
            block = new byte[Math.max(256, size)];
        } else if (length + size > block.length) {
            block = Arrays.copyOf(block, Math.max(length + size, block.length * 2));
        }
        NATIVE.read(address, block, length, size);
        int start = length;
        int end = start + size;
        while (end > start && (block[end - 1] == '\n' || block[end - 1] == '\r')) {
            end--;
        }
        if (end == start) {
            return sawStatusLine ? endOfBlock(easy) : Outcome.MORE;
        }
        if (size >= 5 && block[start] == 'H' && block[start + 1] == 'T' && block[start + 2] == 'T'
                && block[start + 3] == 'P' && block[start + 4] == '/') {
            startResponse(start, end);
            length = 0; // the status line is not a field
            return Outcome.MORE;
        }
        if (sawStatusLine) {
            if (easy.decodesContent() && isField(start, end, CONTENT_ENCODING) && bodyDecoded(easy)) {
                droppedEncoding = true; // left out: length stays at the line's start
            } else {
                length = start + size; // keep the field line
            }
        }
        return Outcome.MORE;
    }

    /** Whether libcurl decodes this response's body: one it reads at all (not HEAD, 1xx, 204, 304). */
    private boolean bodyDecoded(HandleFacts easy) {
        return !easy.noBody() && status >= 200 && status != 204 && status != 304;
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

    private void startResponse(int start, int end) {
        sawStatusLine = true;
        tentative = null;
        int space = start;
        while (space < end && block[space] != ' ') {
            space++;
        }
        version = version(start, space);
        int code = 0;
        int digits = 0;
        for (int i = space + 1; i < end && digits < 3 && block[i] >= '0' && block[i] <= '9'; i++, digits++) {
            code = code * 10 + (block[i] - '0');
        }
        status = code;
        int phrase = space + 1 + digits;
        if (digits == 3 && phrase < end && block[phrase] == ' ') {
            reason = reason(phrase + 1, end);
        } else {
            reason = "";
        }
    }

    /** The reason phrase as sent (trimmed); the common {@code OK} without a new string. */
    private String reason(int start, int end) {
        while (start < end && (block[start] == ' ' || block[start] == '\t')) {
            start++;
        }
        while (end > start && (block[end - 1] == ' ' || block[end - 1] == '\t')) {
            end--;
        }
        if (end - start == 2 && block[start] == 'O' && block[start + 1] == 'K') {
            return "OK";
        }
        return start == end ? "" : new String(block, start, end - start, StandardCharsets.ISO_8859_1);
    }

    /** The protocol of a status line; the common ones without a new string. */
    private String version(int start, int end) {
        int n = end - start;
        if (n == 8 && block[start + 5] == '1' && block[start + 7] == '1') {
            return "HTTP/1.1";
        }
        if (n == 6 && block[start + 5] == '2') {
            return "HTTP/2";
        }
        if (n == 6 && block[start + 5] == '3') {
            return "HTTP/3";
        }
        if (n == 8 && block[start + 5] == '1' && block[start + 7] == '0') {
            return "HTTP/1.0";
        }
        return new String(block, start, n, StandardCharsets.ISO_8859_1);
    }

    private Outcome endOfBlock(HandleFacts easy) {
        sawStatusLine = false;
        if (droppedEncoding) {
            droppedEncoding = false;
            dropContentLength();
        }
        // The lines become the head's: a later response (rare) starts a new array.
        TransferHead head = new TransferHead(status, reason, version, Headers.ofHeaderBlock(block, length));
        block = null;
        length = 0;
        if (status >= 100 && status < 200 && status != 101) {
            return Outcome.INTERIM;
        }
        if (easy.followLocation() && status >= 300 && status < 400 && status != 304) {
            String location = head.headers().first("Location");
            if (location != null && !location.isEmpty()) {
                return Outcome.INTERIM;
            }
        }
        if ((status == 401 && easy.answersChallenge(false)) || (status == 407 && easy.answersChallenge(true))) {
            tentative = head;
            return Outcome.INTERIM;
        }
        ready = head;
        return Outcome.FINAL;
    }

    /** The final head just completed. */
    TransferHead takeFinal() {
        TransferHead head = ready;
        ready = null;
        return head;
    }

    /** A tentative head (an auth challenge) that body bytes or completion have now confirmed. */
    TransferHead takeTentative() {
        TransferHead head = tentative;
        tentative = null;
        return head;
    }
}
