package dev.curlmulti.reactor;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/**
 * Netscape cookie files read and written in Java (never on a loop thread: file I/O blocks). A file is
 * replaced atomically, so a reader or a crash sees the old jar or the new one, never half of one; it is
 * readable by its owner only where the file system has POSIX permissions, since cookies are credentials.
 */
final class CookieFiles {
    private CookieFiles() {}

    /**
     * The unexpired cookies of {@code file}, in order. Blank lines and comments are skipped; any other line
     * that is not a cookie fails the whole read (nothing is half-loaded).
     *
     * @throws UncheckedIOException     the file could not be read
     * @throws IllegalArgumentException a line that is not a cookie (its number is in the message)
     */
    static List<CurlCookie> read(Path file) {
        List<String> lines;
        try {
            lines = Files.readAllLines(file, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read the cookie file " + file, e);
        }
        List<CurlCookie> cookies = new ArrayList<>();
        Instant now = Instant.now();
        for (int i = 0; i < lines.size(); i++) {
            String line = lines.get(i);
            if (line.isBlank() || (line.startsWith("#") && !line.startsWith(CookieLines.HTTP_ONLY))) {
                continue;
            }
            try {
                CurlCookie cookie = CookieLines.parse(line);
                if (!cookie.isExpired(now)) {
                    cookies.add(cookie);
                }
            } catch (IllegalArgumentException e) {
                throw new IllegalArgumentException(file + ":" + (i + 1) + ": " + e.getMessage(), e);
            }
        }
        return cookies;
    }

    /**
     * Writes {@code cookies} to {@code file} in libcurl's format, replacing it atomically (a temporary file
     * beside it, then a rename).
     *
     * @throws UncheckedIOException the file could not be written (the old one, if any, is left as it was)
     */
    static void write(Path file, List<CurlCookie> cookies) {
        StringBuilder text = new StringBuilder(CookieLines.FILE_HEADER)
                .append("\n# Written by curl-multi for the JVM in libcurl's format; edit at your own risk.\n\n");
        for (CurlCookie cookie : cookies) {
            text.append(cookie.toNetscape()).append('\n');
        }
        Path target = file.toAbsolutePath();
        Path temp = null;
        try {
            temp = FileSystems.getDefault().supportedFileAttributeViews().contains("posix")
                    ? Files.createTempFile(
                            target.getParent(),
                            ".cookies",
                            ".tmp",
                            PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")))
                    : Files.createTempFile(target.getParent(), ".cookies", ".tmp");
            Files.writeString(temp, text, StandardCharsets.UTF_8);
            Files.move(temp, target, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
        } catch (IOException e) {
            deleteQuietly(temp);
            throw new UncheckedIOException("cannot write the cookie file " + file, e);
        }
    }

    private static void deleteQuietly(Path temp) {
        if (temp != null) {
            try {
                Files.deleteIfExists(temp);
            } catch (IOException ignored) {
                // The write already failed; that error is the one to report.
            }
        }
    }
}
