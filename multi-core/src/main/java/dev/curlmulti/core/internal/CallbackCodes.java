package dev.curlmulti.core.internal;

/** The values libcurl's callbacks return, in one place (from {@code curl.h}). */
public final class CallbackCodes {
    /** {@code CURL_WRITEFUNC_PAUSE}. */
    public static final int WRITE_PAUSE = 0x10000001;
    /** A write-callback return that differs from any real length: libcurl fails with {@code CURLE_WRITE_ERROR}. */
    public static final long WRITE_ERROR = 0xFFFFFFFFL;
    /** {@code CURL_READFUNC_PAUSE}. */
    public static final int READ_PAUSE = 0x10000001;
    /** {@code CURL_READFUNC_ABORT}. */
    public static final int READ_ABORT = 0x10000000;
    /** {@code CURL_PROGRESSFUNC_CONTINUE}: a transfer-info callback asks for libcurl's default handling. */
    public static final int PROGRESS_CONTINUE = 0x10000001;
    /** Any other non-zero transfer-info return aborts. */
    public static final int PROGRESS_ABORT = 1;
    /** {@code CURL_SOCKOPT_OK}. */
    public static final int SOCKOPT_OK = 0;
    /** {@code CURL_PREREQFUNC_OK}. */
    public static final int PREREQ_OK = 0;
    /** {@code CURL_PREREQFUNC_ABORT}. */
    public static final int PREREQ_ABORT = 1;
    /** A socket callback's error return. */
    public static final int SOCKET_ERROR = -1;

    private CallbackCodes() {}
}
