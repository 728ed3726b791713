package dev.curlmulti.core.testing;

import java.io.IOException;
import java.io.InputStream;

/** Helpers for hand-written socket servers that must misbehave in ways real servers won't. */
public final class RawHttp {
    private RawHttp() {}

    /** Reads a request head up to its blank line; false when the client closed first. */
    public static boolean skipRequestHead(InputStream in) throws IOException {
        int matched = 0;
        while (matched < 4) {
            int b = in.read();
            if (b < 0) {
                return false;
            }
            matched = (b == (matched % 2 == 0 ? '\r' : '\n')) ? matched + 1 : 0;
        }
        return true;
    }
}
