package dev.curlmulti.reactor;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.util.zip.GZIPOutputStream;

/** Bodies the tests send on purpose. */
final class TestBodies {
    private TestBodies() {}

    /** A gzip stream that decodes to {@code mebibytes} MiB of zeros: a decompression bomb (about 1 KiB per MiB). */
    static byte[] gzipOfZeros(int mebibytes) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try (GZIPOutputStream gzip = new GZIPOutputStream(out)) {
            byte[] zeros = new byte[1 << 20];
            for (int i = 0; i < mebibytes; i++) {
                gzip.write(zeros);
            }
        }
        return out.toByteArray();
    }
}
