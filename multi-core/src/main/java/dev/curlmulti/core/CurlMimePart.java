package dev.curlmulti.core;

import dev.curlmulti.core.internal.MimeHandle;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Objects;

/**
 * One part of a {@link CurlMime}: its name, optional filename and content type, extra header
 * lines, and its content, which is exactly one of: bytes or a string (copied by libcurl), a file
 * (opened and read by libcurl while it sends, never loaded whole), or a {@link ReadFunction}
 * (pulled while it sends; it may return {@link Curl#READFUNC_PAUSE} and the transfer is resumed
 * with {@code curl.pause(Curl.PAUSE_CONT)}). Setting the content again replaces it.
 *
 * <p>Text values (name, filename, type, header lines) are refused when they hold CR, LF or NUL:
 * they end up in the part's header, where such characters would end it early or inject another
 * line. <b>Threading and ownership:</b> those of its {@code CurlMime}.
 */
public final class CurlMimePart {
    private final MimeHandle mime;
    private final long part;

    CurlMimePart(MimeHandle mime, long part) {
        this.mime = mime;
        this.part = part;
    }

    /** The form field's name ({@code curl_mime_name}). */
    public CurlMimePart name(String name) {
        mime.name(part, headerText("name", name));
        return this;
    }

    /** The remote file name ({@code curl_mime_filename}); a file part gets its own file's name unless set. */
    public CurlMimePart filename(String filename) {
        mime.filename(part, headerText("filename", filename));
        return this;
    }

    /** The part's {@code Content-Type} ({@code curl_mime_type}). */
    public CurlMimePart type(String contentType) {
        mime.type(part, headerText("type", contentType));
        return this;
    }

    /** The content: these bytes, copied ({@code curl_mime_data}). */
    public CurlMimePart data(byte[] data) {
        mime.data(part, Objects.requireNonNull(data, "data"));
        return this;
    }

    /** The content: {@code text} as UTF-8. */
    public CurlMimePart data(String text) {
        return data(text.getBytes(StandardCharsets.UTF_8));
    }

    /**
     * The content: the file, read by libcurl as it sends ({@code curl_mime_filedata}); the part's
     * filename becomes the file's name unless {@link #filename} is set after this.
     *
     * @throws IllegalArgumentException the file is not a readable regular file
     */
    public CurlMimePart fileData(Path file) {
        Objects.requireNonNull(file, "file");
        if (!Files.isRegularFile(file) || !Files.isReadable(file)) {
            throw new IllegalArgumentException("not a readable file: " + file);
        }
        mime.fileData(part, file.toAbsolutePath().toString());
        return this;
    }

    /**
     * The content: {@code size} bytes (-1 when unknown: HTTP/1.1 then sends the body chunked) pulled
     * from {@code read} as libcurl sends them ({@code curl_mime_data_cb}). The part cannot be
     * rewound, so a redirect or authentication that must resend the body fails the transfer. A
     * handle with such a part cannot be {@linkplain Curl#duphandle() duplicated}.
     */
    public CurlMimePart dataCallback(long size, ReadFunction read) {
        if (size < -1) {
            throw new IllegalArgumentException("size must be -1 (unknown) or at least 0: " + size);
        }
        mime.dataCallback(part, size, Objects.requireNonNull(read, "read"));
        return this;
    }

    /** Extra header lines for this part ({@code Name: value} each, {@code curl_mime_headers}). */
    public CurlMimePart headers(List<String> lines) {
        for (String line : lines) {
            headerText("header line", Objects.requireNonNull(line, "header line"));
        }
        mime.headers(part, lines);
        return this;
    }

    private static String headerText(String what, String value) {
        Objects.requireNonNull(value, what);
        for (int i = 0; i < value.length(); i++) {
            char c = value.charAt(i);
            if (c == '\r' || c == '\n' || c == 0) {
                throw new IllegalArgumentException("a mime part's " + what
                        + " may not contain CR, LF or NUL (it goes into the part's header): "
                        + value.replace("\r", "\\r").replace("\n", "\\n").replace("\0", "\\0"));
            }
        }
        return value;
    }
}
