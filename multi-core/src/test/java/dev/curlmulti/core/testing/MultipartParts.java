package dev.curlmulti.core.testing;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import okhttp3.Headers;
import okhttp3.MultipartReader;
import okio.Buffer;
import okio.BufferedSource;

/**
 * A {@code multipart/form-data} body taken apart by OkHttp's own parser ({@link MultipartReader}),
 * so tests check what a real server would read: each part's name, filename, type, headers and
 * bytes. Reads the whole body into memory: for test-sized bodies.
 */
public final class MultipartParts {
    private static final Pattern BOUNDARY = Pattern.compile("boundary=\"?([^\";]+)\"?");
    private static final Pattern NAME = Pattern.compile("[; ]name=\"([^\"]*)\"");
    private static final Pattern FILENAME = Pattern.compile("filename=\"([^\"]*)\"");

    /** One part as received. */
    public record Part(Headers headers, byte[] body) {
        public String name() {
            return find(NAME, headers.get("Content-Disposition"));
        }

        public String filename() {
            return find(FILENAME, headers.get("Content-Disposition"));
        }

        public String contentType() {
            return headers.get("Content-Type");
        }

        public String text() {
            return new String(body, java.nio.charset.StandardCharsets.UTF_8);
        }
    }

    private MultipartParts() {}

    /** The parts of {@code body}, sent with the {@code Content-Type} header {@code contentType}. */
    public static List<Part> parse(String contentType, Buffer body) throws IOException {
        Matcher boundary = BOUNDARY.matcher(contentType);
        if (!contentType.startsWith("multipart/form-data") || !boundary.find()) {
            throw new IOException("not a multipart/form-data body: " + contentType);
        }
        List<Part> parts = new ArrayList<>();
        try (MultipartReader reader = new MultipartReader(body, boundary.group(1))) {
            MultipartReader.Part part;
            while ((part = reader.nextPart()) != null) {
                try (BufferedSource source = part.body()) {
                    parts.add(new Part(part.headers(), source.readByteArray()));
                }
            }
        }
        return parts;
    }

    private static String find(Pattern pattern, String header) {
        if (header == null) {
            return null;
        }
        Matcher m = pattern.matcher(header);
        return m.find() ? m.group(1) : null;
    }
}
