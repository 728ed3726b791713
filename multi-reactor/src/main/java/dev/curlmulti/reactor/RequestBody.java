package dev.curlmulti.reactor;

import java.nio.ByteBuffer;
import java.nio.charset.Charset;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Objects;
import org.reactivestreams.Publisher;

/**
 * A request body: bytes, a string, a file streamed from disk, a {@link Publisher} of buffers
 * streamed with backpressure, or a {@link MultipartBody}. Immutable; a publisher body is subscribed
 * once per transfer, so a retried request needs a publisher that can be subscribed again (a cold one).
 */
public abstract sealed class RequestBody
        permits RequestBody.Bytes, RequestBody.File, RequestBody.Stream, MultipartBody {
    RequestBody() {}

    /** The body's length, or -1 when unknown (sent chunked on HTTP/1.1). */
    public abstract long contentLength();

    /** These bytes (copied: later changes to the array are not sent). */
    public static RequestBody ofBytes(byte[] bytes) {
        return new Bytes(bytes.clone());
    }

    /** {@code text} encoded as UTF-8. */
    public static RequestBody ofString(String text) {
        return ofString(text, StandardCharsets.UTF_8);
    }

    /** {@code text} encoded with {@code charset}. */
    public static RequestBody ofString(String text, Charset charset) {
        return new Bytes(text.getBytes(charset));
    }

    /** The file's content, read as it is sent (never loaded whole). */
    public static RequestBody ofFile(Path file) {
        return new File(Objects.requireNonNull(file, "file"));
    }

    /** Buffers from {@code publisher}; {@code length} bytes in all, or -1 when unknown. */
    public static RequestBody ofPublisher(Publisher<ByteBuffer> publisher, long length) {
        return new Stream(Objects.requireNonNull(publisher, "publisher"), length);
    }

    /** Bytes in memory. */
    public static final class Bytes extends RequestBody {
        private final byte[] bytes;

        Bytes(byte[] bytes) {
            this.bytes = bytes;
        }

        /** The bytes (not copied: do not modify). */
        public byte[] bytes() {
            return bytes;
        }

        @Override
        public long contentLength() {
            return bytes.length;
        }
    }

    /** A file on disk. */
    public static final class File extends RequestBody {
        private final Path path;

        File(Path path) {
            this.path = path;
        }

        /** The file sent. */
        public Path path() {
            return path;
        }

        @Override
        public long contentLength() {
            try {
                return java.nio.file.Files.size(path);
            } catch (java.io.IOException e) {
                return -1;
            }
        }
    }

    /** A stream of buffers. */
    public static final class Stream extends RequestBody {
        private final Publisher<ByteBuffer> publisher;
        private final long length;

        Stream(Publisher<ByteBuffer> publisher, long length) {
            this.publisher = publisher;
            this.length = length;
        }

        /** The buffers sent, subscribed once per transfer. */
        public Publisher<ByteBuffer> publisher() {
            return publisher;
        }

        @Override
        public long contentLength() {
            return length;
        }
    }
}
