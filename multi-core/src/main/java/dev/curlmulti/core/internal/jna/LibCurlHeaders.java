package dev.curlmulti.core.internal.jna;

import com.sun.jna.Native;
import dev.curlmulti.core.internal.LibraryInfo;

/**
 * The header API of libcurl 7.84+ ({@code curl_easy_header}, {@code curl_easy_nextheader}), bound
 * in its own class so that an older libcurl still loads: registering fails only when this class is
 * first used. {@link #AVAILABLE} says whether it can be.
 */
final class LibCurlHeaders {
    /** True when the loaded libcurl has the header API. */
    public static final boolean AVAILABLE = JnaLibrary.LOADED.info().isAtLeast(LibraryInfo.HEADER_API_VERSION_NUM);

    static {
        if (AVAILABLE) {
            Native.register(LibCurlHeaders.class, LibCurl.LIBRARY);
        }
    }

    private LibCurlHeaders() {}

    /**
     * {@code struct curl_header *curl_easy_nextheader(CURL *easy, unsigned int origin, int request,
     * struct curl_header *prev)}; the struct is {@code {char *name; char *value; size_t amount;
     * size_t index; unsigned int origin; void *anchor;}}.
     */
    public static native long curl_easy_nextheader(long easy, int origin, int request, long previous);
}
