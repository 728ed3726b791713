package dev.curlmulti.reactor.websocket;

import java.nio.ByteBuffer;
import java.nio.CharBuffer;
import java.nio.charset.CharsetDecoder;
import java.nio.charset.CoderResult;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;

/**
 * Whether bytes are well-formed UTF-8, as RFC 6455 8.1 requires of every text message and close
 * reason, with the JDK's strict decoder into one small reused buffer (so a 16 MiB message costs no
 * 16 MiB of chars). Loop thread only: one per session.
 */
final class Utf8Check {
    private final CharsetDecoder decoder = StandardCharsets.UTF_8
            .newDecoder()
            .onMalformedInput(CodingErrorAction.REPORT)
            .onUnmappableCharacter(CodingErrorAction.REPORT);
    private final CharBuffer scratch = CharBuffer.allocate(4096);

    /** True when {@code bytes[offset, offset + length)} is well-formed UTF-8. */
    boolean valid(byte[] bytes, int offset, int length) {
        ByteBuffer in = ByteBuffer.wrap(bytes, offset, length);
        decoder.reset();
        while (true) {
            scratch.clear();
            CoderResult result = decoder.decode(in, scratch, true);
            if (result.isError()) {
                return false;
            }
            if (result.isUnderflow()) {
                scratch.clear();
                return !decoder.flush(scratch).isError();
            }
        }
    }
}
