package dev.curlmulti.core.testing;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.util.zip.GZIPOutputStream;

/**
 * Bodies compressed as a server would send them: gzip with the JDK, br and zstd with Debian's
 * {@code brotli} and {@code zstd} commands (installed by {@code bin/ensure-prerequisites}), so the
 * tests decode what real encoders write.
 */
public final class Compressed {
    private Compressed() {}

    /** {@code data} encoded with {@code encoding}: {@code gzip}, {@code br} or {@code zstd}. */
    public static byte[] encode(String encoding, byte[] data) {
        return switch (encoding) {
            case "gzip" -> gzip(data);
            case "br" -> run(data, "brotli", "-c");
            case "zstd" -> run(data, "zstd", "-c", "-q");
            default -> throw new IllegalArgumentException("no encoder for " + encoding);
        };
    }

    private static byte[] gzip(byte[] data) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try (GZIPOutputStream gzip = new GZIPOutputStream(out)) {
            gzip.write(data);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return out.toByteArray();
    }

    private static byte[] run(byte[] data, String... command) {
        try {
            Process process = new ProcessBuilder(command).start();
            Thread feeder = new Thread(() -> {
                try (OutputStream in = process.getOutputStream()) {
                    in.write(data);
                } catch (IOException ignored) {
                    // the process failed; its exit code says so
                }
            });
            feeder.start();
            byte[] output = process.getInputStream().readAllBytes();
            feeder.join();
            int exit = process.waitFor();
            if (exit != 0) {
                throw new IllegalStateException(String.join(" ", command) + " exited with " + exit
                        + " (it is installed by bin/ensure-prerequisites)");
            }
            return output;
        } catch (IOException e) {
            throw new UncheckedIOException(String.join(" ", command) + " (installed by bin/ensure-prerequisites)", e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }
}
