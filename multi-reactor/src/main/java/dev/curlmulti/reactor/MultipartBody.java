package dev.curlmulti.reactor;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import org.reactivestreams.Publisher;

/**
 * A {@code multipart/form-data} request body, encoded and sent by libcurl's mime API: the boundary,
 * each part's {@code Content-Disposition} and the total length are libcurl's. Parts come from
 * strings, bytes, files (read by libcurl as they are sent, never loaded whole) and publishers of
 * buffers (streamed with backpressure). Sent as {@code POST} unless the request names another
 * method.
 *
 * <pre>{@code
 * MultipartBody body = MultipartBody.builder()
 *         .text("title", "holiday")
 *         .part(MultipartBody.Part.file("photo", Path.of("beach.jpg")).contentType("image/jpeg"))
 *         .build();
 * client.send(CurlRequest.post(url, body));
 * }</pre>
 *
 * <p>Immutable and thread-safe. A publisher part is subscribed once per transfer (when libcurl
 * first reads it), so a request that is retried needs a publisher that can be subscribed again;
 * {@link RetryPolicy} does not retry a body with publisher parts.
 */
public final class MultipartBody extends RequestBody {
    private final List<Part> parts;

    private MultipartBody(List<Part> parts) {
        this.parts = List.copyOf(parts);
    }

    /** An empty builder. */
    public static Builder builder() {
        return new Builder();
    }

    /** The parts, in order. */
    public List<Part> parts() {
        return parts;
    }

    /** Whether a part streams from a publisher (such a body cannot be sent twice by itself). */
    public boolean hasPublisherParts() {
        return parts.stream().anyMatch(part -> part.publisher() != null);
    }

    /** -1: libcurl computes the length, and sends the body chunked on HTTP/1.1 when a part's is unknown. */
    @Override
    public long contentLength() {
        return -1;
    }

    /**
     * One part: a name, optional filename, content type and header lines, and its content. Immutable:
     * {@link #filename}, {@link #contentType} and {@link #header} return a changed copy. Text that
     * goes into the part's header is refused when it holds CR, LF or NUL.
     */
    public static final class Part {
        private final String name;
        private final byte[] bytes;
        private final Path file;
        private final Publisher<ByteBuffer> publisher;
        private final long length;
        private final String filename;
        private final String contentType;
        private final List<Map.Entry<String, String>> headers;

        private Part(
                String name,
                byte[] bytes,
                Path file,
                Publisher<ByteBuffer> publisher,
                long length,
                String filename,
                String contentType,
                List<Map.Entry<String, String>> headers) {
            this.name = headerText("name", name);
            this.bytes = bytes;
            this.file = file;
            this.publisher = publisher;
            this.length = length;
            this.filename = filename;
            this.contentType = contentType;
            this.headers = headers;
        }

        /** A form field: {@code value} as UTF-8, without a content type (as browsers send fields). */
        public static Part text(String name, String value) {
            return bytes(name, Objects.requireNonNull(value, "value").getBytes(StandardCharsets.UTF_8));
        }

        /** These bytes (copied). */
        public static Part bytes(String name, byte[] bytes) {
            return new Part(name, bytes.clone(), null, null, bytes.length, null, null, List.of());
        }

        /**
         * The file, read as it is sent, never loaded whole; its filename is the file's name unless
         * {@link #filename} says otherwise.
         *
         * @throws IllegalArgumentException the file is not a readable regular file
         */
        public static Part file(String name, Path file) {
            Objects.requireNonNull(file, "file");
            if (!Files.isRegularFile(file) || !Files.isReadable(file)) {
                throw new IllegalArgumentException("not a readable file: " + file);
            }
            return new Part(name, null, file, null, -1, null, null, List.of());
        }

        /**
         * Buffers from {@code publisher}, {@code length} bytes in all or -1 when unknown. Requested a
         * few at a time as libcurl sends them; an error from the publisher fails the request with
         * that error, and a count that differs from a known {@code length} fails it too.
         */
        public static Part publisher(String name, Publisher<ByteBuffer> publisher, long length) {
            if (length < -1) {
                throw new IllegalArgumentException("length must be -1 (unknown) or at least 0: " + length);
            }
            return new Part(
                    name, null, null, Objects.requireNonNull(publisher, "publisher"), length, null, null, List.of());
        }

        /** This part with the remote file name {@code filename}. */
        public Part filename(String filename) {
            return new Part(
                    name, bytes, file, publisher, length, headerText("filename", filename), contentType, headers);
        }

        /** This part with the {@code Content-Type} {@code contentType}. */
        public Part contentType(String contentType) {
            return new Part(
                    name, bytes, file, publisher, length, filename, headerText("content type", contentType), headers);
        }

        /** This part with one more header line {@code name: value}. */
        public Part header(String name, String value) {
            List<Map.Entry<String, String>> more = new ArrayList<>(headers);
            more.add(Map.entry(headerText("header name", name), headerText("header value", value)));
            return new Part(this.name, bytes, file, publisher, length, filename, contentType, List.copyOf(more));
        }

        public String name() {
            return name;
        }

        /** The remote file name, or null. */
        public String filename() {
            return filename;
        }

        /** The content type, or null. */
        public String contentType() {
            return contentType;
        }

        /** The extra header lines, in order. */
        public List<Map.Entry<String, String>> headers() {
            return headers;
        }

        /** The content's length, or -1 when not known before sending (a file's is taken when sent). */
        public long length() {
            return length;
        }

        byte[] bytes() {
            return bytes;
        }

        Path file() {
            return file;
        }

        Publisher<ByteBuffer> publisher() {
            return publisher;
        }

        private static String headerText(String what, String value) {
            Objects.requireNonNull(value, what);
            for (int i = 0; i < value.length(); i++) {
                char c = value.charAt(i);
                if (c == '\r' || c == '\n' || c == 0) {
                    throw new IllegalArgumentException("a multipart part's " + what
                            + " may not contain CR, LF or NUL (it goes into the part's header)");
                }
            }
            return value;
        }
    }

    /** Collects parts in order. Not thread-safe. */
    public static final class Builder {
        private final List<Part> parts = new ArrayList<>();

        private Builder() {}

        /** Adds {@code part}. */
        public Builder part(Part part) {
            parts.add(Objects.requireNonNull(part, "part"));
            return this;
        }

        /** Adds a form field ({@link Part#text}). */
        public Builder text(String name, String value) {
            return part(Part.text(name, value));
        }

        /** Adds bytes with a filename and content type, as a browser sends a chosen file. */
        public Builder bytes(String name, byte[] bytes, String filename, String contentType) {
            return part(Part.bytes(name, bytes).filename(filename).contentType(contentType));
        }

        /** Adds a file, read as it is sent ({@link Part#file}). */
        public Builder file(String name, Path file) {
            return part(Part.file(name, file));
        }

        /** Adds a streamed part ({@link Part#publisher}). */
        public Builder publisher(String name, Publisher<ByteBuffer> publisher, long length) {
            return part(Part.publisher(name, publisher, length));
        }

        /**
         * The body.
         *
         * @throws IllegalStateException no part was added
         */
        public MultipartBody build() {
            if (parts.isEmpty()) {
                throw new IllegalStateException("a multipart body needs at least one part");
            }
            return new MultipartBody(parts);
        }
    }
}
