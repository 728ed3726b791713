/*
 * Generated from libcurl 8.14.1's include/curl/multi.h and docs/libcurl/symbols-in-versions (tag curl-8_14_1).
 * Do not edit by hand: every value mirrors libcurl's public ABI. bin/generate-tables writes this file.
 */
package dev.curlmulti.core;

/**
 * Every multi-handle option of libcurl up to 8.14 ({@code CURLMOPT_*}), named without the prefix.
 * {@link CurlMulti#setopt(CurlMultiOpt, long)} accepts the LONG and OFF_T ones; the function and
 * data pointers are reserved to the library's own loop drivers. Immutable; safe from any thread.
 */
public enum CurlMultiOpt {
    SOCKETFUNCTION(20001, Type.FUNCTIONPOINT, 0x070f04),
    SOCKETDATA(10002, Type.OBJECTPOINT, 0x070f04),
    PIPELINING(3, Type.LONG, 0x071000),
    TIMERFUNCTION(20004, Type.FUNCTIONPOINT, 0x071000),
    TIMERDATA(10005, Type.OBJECTPOINT, 0x071000),
    MAXCONNECTS(6, Type.LONG, 0x071003),
    MAX_HOST_CONNECTIONS(7, Type.LONG, 0x071e00),
    MAX_PIPELINE_LENGTH(8, Type.LONG, 0x071e00),
    CONTENT_LENGTH_PENALTY_SIZE(30009, Type.OFF_T, 0x071e00),
    CHUNK_LENGTH_PENALTY_SIZE(30010, Type.OFF_T, 0x071e00),
    PIPELINING_SITE_BL(10011, Type.OBJECTPOINT, 0x071e00),
    PIPELINING_SERVER_BL(10012, Type.OBJECTPOINT, 0x071e00),
    MAX_TOTAL_CONNECTIONS(13, Type.LONG, 0x071e00),
    PUSHFUNCTION(20014, Type.FUNCTIONPOINT, 0x072c00),
    PUSHDATA(10015, Type.OBJECTPOINT, 0x072c00),
    MAX_CONCURRENT_STREAMS(16, Type.LONG, 0x074300);

    /** How libcurl reads the option's value. */
    public enum Type {
        /** A C {@code long}. */
        LONG,
        /** A pointer. */
        OBJECTPOINT,
        /** A C function pointer. */
        FUNCTIONPOINT,
        /** A 64-bit {@code curl_off_t}. */
        OFF_T
    }

    private final int code;
    private final Type type;
    private final int since;

    CurlMultiOpt(int code, Type type, int since) {
        this.code = code;
        this.type = type;
        this.since = since;
    }

    /** The numeric {@code CURLMoption} value. */
    public int code() {
        return code;
    }

    /** How libcurl reads the value. */
    public Type type() {
        return type;
    }

    /** The first libcurl version with this option, as {@code 0xXXYYZZ}. */
    public int since() {
        return since;
    }

    /** The C name, for example {@code CURLMOPT_MAXCONNECTS}. */
    public String cName() {
        return "CURLMOPT_" + name();
    }
}
