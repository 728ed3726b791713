package dev.curlmulti.core;

import dev.curlmulti.core.internal.Internals;
import dev.curlmulti.core.internal.MimeHandle;

/**
 * A multipart body built on libcurl's mime API ({@code curl_mime_init}), posted with
 * {@code curl.setopt(CurlOpt.MIMEPOST, mime)}: {@code multipart/form-data} over HTTP, with the
 * boundary, each part's {@code Content-Disposition} and the length (when every part's is known)
 * computed by libcurl.
 *
 * <pre>{@code
 * CurlMime mime = new CurlMime(curl);
 * mime.addPart().name("title").data("holiday");
 * mime.addPart().name("photo").fileData(Path.of("beach.jpg")).type("image/jpeg");
 * curl.setopt(CurlOpt.MIMEPOST, mime);
 * }</pre>
 *
 * <p><b>Threading:</b> like its {@link Curl}: one thread at a time, the one that may touch the handle.
 *
 * <p><b>Ownership:</b> made for one {@code Curl}, which owns it: only that handle may post it, and
 * the native structure is freed when the handle is {@linkplain Curl#reset() reset} or
 * {@linkplain Curl#close() closed}, or when its {@code MIMEPOST} is set to another mime or to
 * {@code null} while this one is posted; never while a transfer may still read it. Any call after
 * that throws {@link IllegalStateException}. Nothing to close.
 */
public final class CurlMime {
    private final MimeHandle handle;

    /** A new, empty mime for {@code curl} ({@code curl_mime_init}). */
    public CurlMime(Curl curl) {
        this.handle = MimeHandle.create(Internals.easy(curl));
    }

    /** Adds a part at the end ({@code curl_mime_addpart}); set its name and content on the result. */
    public CurlMimePart addPart() {
        return new CurlMimePart(handle, handle.addPart());
    }

    /** True once the native structure was freed (see the class comment). */
    public boolean isFreed() {
        return handle.isFreed();
    }

    MimeHandle handle() {
        return handle;
    }
}
