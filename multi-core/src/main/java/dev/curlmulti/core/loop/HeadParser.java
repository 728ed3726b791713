package dev.curlmulti.core.loop;

import dev.curlmulti.core.Headers;
import dev.curlmulti.core.internal.HandleFacts;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

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
 * Loop-thread only.
 */
final class HeadParser {
    private final List<String> fields = new ArrayList<>(16);
    private int status;
    private String version = "";
    private boolean sawStatusLine;
    private TransferHead tentative;

    /** What a header line means for the caller. */
    enum Outcome { MORE, FINAL, INTERIM }

    /** The head completed by the last {@link Outcome#FINAL}, or a tentative head. */
    private TransferHead ready;

    Outcome onLine(byte[] line, int length, HandleFacts easy) {
        int end = length;
        while (end > 0 && (line[end - 1] == '\n' || line[end - 1] == '\r')) {
            end--;
        }
        if (end == 0) {
            return sawStatusLine ? endOfBlock(easy) : Outcome.MORE;
        }
        if (length >= 5 && line[0] == 'H' && line[1] == 'T' && line[2] == 'T' && line[3] == 'P' && line[4] == '/') {
            startResponse(new String(line, 0, end, StandardCharsets.ISO_8859_1));
            return Outcome.MORE;
        }
        if (!sawStatusLine) {
            return Outcome.MORE;
        }
        if ((line[0] == ' ' || line[0] == '\t') && !fields.isEmpty()) {
            // obsolete line folding: continue the previous value
            int last = fields.size() - 1;
            fields.set(last, fields.get(last) + " " + new String(line, 0, end, StandardCharsets.ISO_8859_1).trim());
            return Outcome.MORE;
        }
        int colon = -1;
        for (int i = 0; i < end; i++) {
            if (line[i] == ':') {
                colon = i;
                break;
            }
        }
        if (colon > 0) {
            fields.add(new String(line, 0, colon, StandardCharsets.ISO_8859_1).trim());
            fields.add(new String(line, colon + 1, end - colon - 1, StandardCharsets.ISO_8859_1).trim());
        }
        return Outcome.MORE;
    }

    private void startResponse(String statusLine) {
        fields.clear();
        sawStatusLine = true;
        tentative = null;
        int space = statusLine.indexOf(' ');
        version = space < 0 ? statusLine : statusLine.substring(0, space);
        status = 0;
        if (space >= 0) {
            int i = space + 1;
            int code = 0;
            int digits = 0;
            while (i < statusLine.length() && digits < 3 && Character.isDigit(statusLine.charAt(i))) {
                code = code * 10 + (statusLine.charAt(i++) - '0');
                digits++;
            }
            status = code;
        }
    }

    private Outcome endOfBlock(HandleFacts easy) {
        sawStatusLine = false;
        TransferHead head = new TransferHead(status, version, Headers.ofPairs(fields));
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
