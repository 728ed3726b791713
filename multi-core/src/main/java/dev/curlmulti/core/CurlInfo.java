/*
 * Generated from libcurl 8.14.1's include/curl/curl.h and docs/libcurl/symbols-in-versions (tag curl-8_14_1).
 * Do not edit by hand: every value mirrors libcurl's public ABI. bin/generate-tables writes this file.
 */
package dev.curlmulti.core;

/**
 * Every {@code CURLINFO_*} item of libcurl up to 8.14, named without the prefix, with the type
 * {@link Curl#getinfo(CurlInfo)} returns for it: {@code Long} for LONG, OFF_T and SOCKET,
 * {@code Double} for DOUBLE, {@code String} for STRING, {@code List<String>} for SLIST. PTR items
 * (certificate chains, TLS session pointers) are raw native data and are not readable through
 * {@code getinfo}. Immutable; safe from any thread.
 */
public enum CurlInfo {
    EFFECTIVE_URL(0x100001, Type.STRING, 0x070400, null),
    RESPONSE_CODE(0x200002, Type.LONG, 0x070a08, null),
    TOTAL_TIME(0x300003, Type.DOUBLE, 0x070401, null),
    NAMELOOKUP_TIME(0x300004, Type.DOUBLE, 0x070401, null),
    CONNECT_TIME(0x300005, Type.DOUBLE, 0x070401, null),
    PRETRANSFER_TIME(0x300006, Type.DOUBLE, 0x070401, null),
    SIZE_UPLOAD(0x300007, Type.DOUBLE, 0x070401, "7.55.0"),
    SIZE_UPLOAD_T(0x600007, Type.OFF_T, 0x073700, null),
    SIZE_DOWNLOAD(0x300008, Type.DOUBLE, 0x070401, "7.55.0"),
    SIZE_DOWNLOAD_T(0x600008, Type.OFF_T, 0x073700, null),
    SPEED_DOWNLOAD(0x300009, Type.DOUBLE, 0x070401, "7.55.0"),
    SPEED_DOWNLOAD_T(0x600009, Type.OFF_T, 0x073700, null),
    SPEED_UPLOAD(0x30000a, Type.DOUBLE, 0x070401, "7.55.0"),
    SPEED_UPLOAD_T(0x60000a, Type.OFF_T, 0x073700, null),
    HEADER_SIZE(0x20000b, Type.LONG, 0x070401, null),
    REQUEST_SIZE(0x20000c, Type.LONG, 0x070401, null),
    SSL_VERIFYRESULT(0x20000d, Type.LONG, 0x070500, null),
    FILETIME(0x20000e, Type.LONG, 0x070500, null),
    FILETIME_T(0x60000e, Type.OFF_T, 0x073b00, null),
    CONTENT_LENGTH_DOWNLOAD(0x30000f, Type.DOUBLE, 0x070601, "7.55.0"),
    CONTENT_LENGTH_DOWNLOAD_T(0x60000f, Type.OFF_T, 0x073700, null),
    CONTENT_LENGTH_UPLOAD(0x300010, Type.DOUBLE, 0x070601, "7.55.0"),
    CONTENT_LENGTH_UPLOAD_T(0x600010, Type.OFF_T, 0x073700, null),
    STARTTRANSFER_TIME(0x300011, Type.DOUBLE, 0x070902, null),
    CONTENT_TYPE(0x100012, Type.STRING, 0x070904, null),
    REDIRECT_TIME(0x300013, Type.DOUBLE, 0x070907, null),
    REDIRECT_COUNT(0x200014, Type.LONG, 0x070907, null),
    PRIVATE(0x100015, Type.STRING, 0x070a03, null),
    HTTP_CONNECTCODE(0x200016, Type.LONG, 0x070a07, null),
    HTTPAUTH_AVAIL(0x200017, Type.LONG, 0x070a08, null),
    PROXYAUTH_AVAIL(0x200018, Type.LONG, 0x070a08, null),
    OS_ERRNO(0x200019, Type.LONG, 0x070c02, null),
    NUM_CONNECTS(0x20001a, Type.LONG, 0x070c03, null),
    SSL_ENGINES(0x40001b, Type.SLIST, 0x070c03, null),
    COOKIELIST(0x40001c, Type.SLIST, 0x070e01, null),
    LASTSOCKET(0x20001d, Type.LONG, 0x070f02, "7.45.0"),
    FTP_ENTRY_PATH(0x10001e, Type.STRING, 0x070f04, null),
    REDIRECT_URL(0x10001f, Type.STRING, 0x071202, null),
    PRIMARY_IP(0x100020, Type.STRING, 0x071300, null),
    APPCONNECT_TIME(0x300021, Type.DOUBLE, 0x071300, null),
    CERTINFO(0x400022, Type.PTR, 0x071301, null),
    CONDITION_UNMET(0x200023, Type.LONG, 0x071304, null),
    RTSP_SESSION_ID(0x100024, Type.STRING, 0x071400, null),
    RTSP_CLIENT_CSEQ(0x200025, Type.LONG, 0x071400, null),
    RTSP_SERVER_CSEQ(0x200026, Type.LONG, 0x071400, null),
    RTSP_CSEQ_RECV(0x200027, Type.LONG, 0x071400, null),
    PRIMARY_PORT(0x200028, Type.LONG, 0x071500, null),
    LOCAL_IP(0x100029, Type.STRING, 0x071500, null),
    LOCAL_PORT(0x20002a, Type.LONG, 0x071500, null),
    TLS_SESSION(0x40002b, Type.PTR, 0x072200, "7.48.0"),
    ACTIVESOCKET(0x50002c, Type.SOCKET, 0x072d00, null),
    TLS_SSL_PTR(0x40002d, Type.PTR, 0x073000, null),
    HTTP_VERSION(0x20002e, Type.LONG, 0x073200, null),
    PROXY_SSL_VERIFYRESULT(0x20002f, Type.LONG, 0x073400, null),
    PROTOCOL(0x200030, Type.LONG, 0x073400, "7.85.0"),
    SCHEME(0x100031, Type.STRING, 0x073400, null),
    TOTAL_TIME_T(0x600032, Type.OFF_T, 0x073d00, null),
    NAMELOOKUP_TIME_T(0x600033, Type.OFF_T, 0x073d00, null),
    CONNECT_TIME_T(0x600034, Type.OFF_T, 0x073d00, null),
    PRETRANSFER_TIME_T(0x600035, Type.OFF_T, 0x073d00, null),
    STARTTRANSFER_TIME_T(0x600036, Type.OFF_T, 0x073d00, null),
    REDIRECT_TIME_T(0x600037, Type.OFF_T, 0x073d00, null),
    APPCONNECT_TIME_T(0x600038, Type.OFF_T, 0x073d00, null),
    RETRY_AFTER(0x600039, Type.OFF_T, 0x074200, null),
    EFFECTIVE_METHOD(0x10003a, Type.STRING, 0x074800, null),
    PROXY_ERROR(0x20003b, Type.LONG, 0x074900, null),
    REFERER(0x10003c, Type.STRING, 0x074c00, null),
    CAINFO(0x10003d, Type.STRING, 0x075400, null),
    CAPATH(0x10003e, Type.STRING, 0x075400, null),
    XFER_ID(0x60003f, Type.OFF_T, 0x080200, null),
    CONN_ID(0x600040, Type.OFF_T, 0x080200, null),
    QUEUE_TIME_T(0x600041, Type.OFF_T, 0x080600, null),
    USED_PROXY(0x200042, Type.LONG, 0x080700, null),
    POSTTRANSFER_TIME_T(0x600043, Type.OFF_T, 0x080a00, null),
    EARLYDATA_SENT_T(0x600044, Type.OFF_T, 0x080b00, null),
    HTTPAUTH_USED(0x200045, Type.LONG, 0x080c00, null),
    PROXYAUTH_USED(0x200046, Type.LONG, 0x080c00, null);

    /** What libcurl writes for this item. */
    public enum Type {
        /** A {@code char*} owned by libcurl. */
        STRING,
        /** A C {@code long}. */
        LONG,
        /** A C {@code double} (seconds for times). */
        DOUBLE,
        /** A {@code struct curl_slist*} the caller frees. */
        SLIST,
        /** An opaque pointer. */
        PTR,
        /** A {@code curl_socket_t}. */
        SOCKET,
        /** A 64-bit {@code curl_off_t} (microseconds for {@code *_TIME_T}). */
        OFF_T
    }

    private final int code;
    private final Type type;
    private final int since;
    private final String deprecatedSince;

    CurlInfo(int code, Type type, int since, String deprecatedSince) {
        this.code = code;
        this.type = type;
        this.since = since;
        this.deprecatedSince = deprecatedSince;
    }

    /** The numeric {@code CURLINFO} value. */
    public int code() {
        return code;
    }

    /** What libcurl returns for this item. */
    public Type type() {
        return type;
    }

    /** The first libcurl version with this item, as {@code 0xXXYYZZ}. */
    public int since() {
        return since;
    }

    /** The libcurl version that deprecated this item, or {@code null}. */
    public String deprecatedSince() {
        return deprecatedSince;
    }

    /** The C name, for example {@code CURLINFO_RESPONSE_CODE}. */
    public String cName() {
        return "CURLINFO_" + name();
    }
}
