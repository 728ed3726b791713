package dev.curlmulti.core;

import dev.curlmulti.core.internal.CallbackCodes;
import dev.curlmulti.core.internal.EasyHandle;
import dev.curlmulti.core.internal.EasyOptions;
import dev.curlmulti.core.internal.Internals;
import dev.curlmulti.core.internal.NativeBinding;
import java.nio.charset.StandardCharsets;
import java.util.List;

/**
 * A libcurl easy handle, pycurl's {@code pycurl.Curl}: set options, run the transfer with
 * {@link #perform()} or add it to a {@link CurlMulti}, read results with {@link #getinfo}.
 *
 * <p><b>Threading:</b> not thread-safe. Use a handle from one thread at a time; while it is added
 * to a multi, only the thread driving that multi may touch it.
 *
 * <p><b>Ownership:</b> the caller owns the handle and closes it with {@link #close()} (idempotent).
 * One that is forgotten is freed when it becomes unreachable; a multi keeps every added handle
 * reachable until it is removed. Any call after {@code close()} throws
 * {@link IllegalStateException} without reaching native code.
 *
 * <p><b>Memory:</b> strings are copied by libcurl; string lists, blobs and POST data are kept alive
 * by this object for as long as libcurl may read them. {@code CURLOPT_NOSIGNAL} is always 1 (a
 * JVM must not get libcurl's signals). Other defaults are libcurl's, as in pycurl: the
 * HTTP client in {@code multi-reactor} adds secure defaults on top. One exception: the bundled
 * libcurl has no CA bundle of its own, so a new or {@link #reset()} handle gets the system's as
 * {@code CAINFO} and {@code PROXY_CAINFO} ({@link CurlVersion#caBundle()}); setting them replaces it.
 */
public final class Curl implements AutoCloseable {
    /** Returned by a {@link WriteFunction} to pause receiving ({@code CURL_WRITEFUNC_PAUSE}). */
    public static final int WRITEFUNC_PAUSE = CallbackCodes.WRITE_PAUSE;
    /** Returned by a {@link ReadFunction} to pause sending ({@code CURL_READFUNC_PAUSE}). */
    public static final int READFUNC_PAUSE = CallbackCodes.READ_PAUSE;
    /** Returned by a {@link ReadFunction} to abort ({@code CURL_READFUNC_ABORT}). */
    public static final int READFUNC_ABORT = CallbackCodes.READ_ABORT;
    /** Returned by a {@link ProgressFunction} to go on ({@code CURL_PROGRESSFUNC_CONTINUE}). */
    public static final int PROGRESSFUNC_CONTINUE = CallbackCodes.PROGRESS_CONTINUE;
    /** {@link #pause(int)} bit: pause receiving. */
    public static final int PAUSE_RECV = 1;
    /** {@link #pause(int)} bit: pause sending. */
    public static final int PAUSE_SEND = 4;
    /** {@link #pause(int)}: pause both directions. */
    public static final int PAUSE_ALL = PAUSE_RECV | PAUSE_SEND;
    /** {@link #pause(int)}: unpause both directions. */
    public static final int PAUSE_CONT = 0;
    /** {@link DebugFunction} types ({@code curl_infotype}). */
    public static final int INFO_TEXT = 0;

    public static final int INFO_HEADER_IN = 1;
    public static final int INFO_HEADER_OUT = 2;
    public static final int INFO_DATA_IN = 3;
    public static final int INFO_DATA_OUT = 4;
    public static final int INFO_SSL_DATA_IN = 5;
    public static final int INFO_SSL_DATA_OUT = 6;

    static {
        Internals.provideEasyAccess(curl -> curl.handle);
    }

    private final EasyHandle handle;
    private final EasyOptions options;

    /** Creates an easy handle ({@code curl_easy_init}). */
    public Curl() {
        this.handle = EasyHandle.create(this);
        this.options = handle.options();
    }

    private Curl(Curl original) {
        this.handle = original.handle.duplicate(this);
        this.options = handle.options();
    }

    // ---------------------------------------------------------------------------------- setopt

    /**
     * Sets a {@code long} option ({@link CurlOpt.Type#LONG}, {@link CurlOpt.Type#VALUES}) or a
     * {@code curl_off_t} one ({@link CurlOpt.Type#OFF_T}).
     *
     * @throws IllegalArgumentException the option takes another type, or libcurl rejects the value
     * @throws UnsupportedOperationException the loaded libcurl is older than the option
     */
    public void setopt(CurlOpt option, long value) {
        checkUsable(option);
        switch (option.type()) {
            case LONG, VALUES -> {
                if (option == CurlOpt.NOSIGNAL && value == 0) {
                    throw new IllegalArgumentException("CURLOPT_NOSIGNAL is always 1: signals would hit the JVM");
                }
                options.setLong(option, value);
            }
            case OFF_T -> options.setOffT(option, value);
            default -> throw wrongType(option, "long");
        }
    }

    /** Sets a LONG option to 1 or 0. */
    public void setopt(CurlOpt option, boolean value) {
        checkUsable(option);
        if (option.type() != CurlOpt.Type.LONG && option.type() != CurlOpt.Type.VALUES) {
            throw wrongType(option, "boolean");
        }
        setopt(option, value ? 1L : 0L);
    }

    /**
     * Sets a string option (libcurl copies it); {@code null} restores the default. For
     * {@link CurlOpt#POSTFIELDS} and {@link CurlOpt#COPYPOSTFIELDS} the UTF-8 bytes are sent.
     *
     * @throws IllegalArgumentException the option is not a string, or the value contains NUL
     */
    public void setopt(CurlOpt option, String value) {
        checkUsable(option);
        if (isPostFields(option)) {
            options.setPostFields(value == null ? null : value.getBytes(StandardCharsets.UTF_8));
            return;
        }
        if (option.type() != CurlOpt.Type.STRINGPOINT) {
            throw wrongType(option, "String");
        }
        if (value != null && value.indexOf('\0') >= 0) {
            throw new IllegalArgumentException(option.cName() + " value contains NUL, which would cut it short");
        }
        options.setString(option, value);
    }

    /**
     * Sets a byte option: a {@link CurlOpt.Type#BLOB} (copied by libcurl), POST data
     * ({@link CurlOpt#POSTFIELDS}, {@link CurlOpt#COPYPOSTFIELDS}: sent as is, any bytes), or a
     * string option given as raw bytes.
     */
    public void setopt(CurlOpt option, byte[] value) {
        checkUsable(option);
        if (isPostFields(option)) {
            options.setPostFields(value);
        } else if (option.type() == CurlOpt.Type.BLOB) {
            options.setBlob(option, value);
        } else if (option.type() == CurlOpt.Type.STRINGPOINT) {
            if (value != null) {
                for (byte b : value) {
                    if (b == 0) {
                        throw new IllegalArgumentException(option.cName() + " value contains NUL");
                    }
                }
            }
            options.setStringBytes(option, value);
        } else {
            throw wrongType(option, "byte[]");
        }
    }

    /** Sets a string-list option such as {@link CurlOpt#HTTPHEADER}; {@code null} or empty clears it. */
    public void setopt(CurlOpt option, List<String> values) {
        checkUsable(option);
        if (option.type() != CurlOpt.Type.SLISTPOINT) {
            throw wrongType(option, "List<String>");
        }
        options.setList(option, values);
    }

    /** Attaches a {@link CurlShare} ({@link CurlOpt#SHARE}); {@code null} detaches. */
    public void setopt(CurlOpt option, CurlShare value) {
        checkUsable(option);
        if (option != CurlOpt.SHARE) {
            throw wrongType(option, "CurlShare");
        }
        options.setShare(value == null ? null : value.state());
    }

    /**
     * Posts a multipart body ({@link CurlOpt#MIMEPOST}) made for this handle; {@code null} stops.
     * A mime this replaces is freed (see {@link CurlMime} for who frees what).
     */
    public void setopt(CurlOpt option, CurlMime mime) {
        checkUsable(option);
        if (option != CurlOpt.MIMEPOST) {
            throw wrongType(option, "CurlMime");
        }
        options.setMime(mime == null ? null : mime.handle());
    }

    /**
     * Sets {@link CurlOpt#WRITEFUNCTION} or {@link CurlOpt#HEADERFUNCTION}; {@code null} restores libcurl's default.
     */
    public void setopt(CurlOpt option, WriteFunction function) {
        checkUsable(option);
        if (option == CurlOpt.WRITEFUNCTION) {
            options.setWriteFunction(function);
        } else if (option == CurlOpt.HEADERFUNCTION) {
            options.setHeaderFunction(function);
        } else {
            throw wrongType(option, "WriteFunction");
        }
    }

    /** Sets {@link CurlOpt#READFUNCTION}; {@code null} restores libcurl's default (stdin). */
    public void setopt(CurlOpt option, ReadFunction function) {
        checkUsable(option);
        if (option != CurlOpt.READFUNCTION) {
            throw wrongType(option, "ReadFunction");
        }
        options.setReadFunction(function);
    }

    /** Sets {@link CurlOpt#XFERINFOFUNCTION} and turns {@link CurlOpt#NOPROGRESS} off (on for {@code null}). */
    public void setopt(CurlOpt option, ProgressFunction function) {
        checkUsable(option);
        if (option != CurlOpt.XFERINFOFUNCTION) {
            throw wrongType(option, "ProgressFunction");
        }
        options.setProgressFunction(function);
    }

    /** Sets {@link CurlOpt#DEBUGFUNCTION}; {@code null} restores libcurl's default (stderr). */
    public void setopt(CurlOpt option, DebugFunction function) {
        checkUsable(option);
        if (option != CurlOpt.DEBUGFUNCTION) {
            throw wrongType(option, "DebugFunction");
        }
        options.setDebugFunction(function);
    }

    private static boolean isPostFields(CurlOpt option) {
        return option == CurlOpt.POSTFIELDS || option == CurlOpt.COPYPOSTFIELDS;
    }

    private void checkUsable(CurlOpt option) {
        handle.checkOpen();
        if (option == null) {
            throw new NullPointerException("option");
        }
        NativeBinding.get().library().require(option.cName(), option.since());
        if (isReserved(option)) {
            throw new IllegalArgumentException(
                    option.cName() + " is managed by curl-multi and cannot be set directly" + reservedHint(option));
        }
    }

    private static boolean isReserved(CurlOpt option) {
        return switch (option) {
            case ERRORBUFFER,
                    WRITEDATA,
                    READDATA,
                    HEADERDATA,
                    XFERINFODATA,
                    PROGRESSDATA,
                    DEBUGDATA,
                    STDERR,
                    PROGRESSFUNCTION,
                    PRIVATE -> true;
            case WRITEFUNCTION,
                    HEADERFUNCTION,
                    READFUNCTION,
                    XFERINFOFUNCTION,
                    DEBUGFUNCTION,
                    SHARE,
                    MIMEPOST,
                    POSTFIELDS,
                    COPYPOSTFIELDS -> false;
            default ->
                option.type() == CurlOpt.Type.FUNCTIONPOINT
                        || option.type() == CurlOpt.Type.CBPOINT
                        || option.type() == CurlOpt.Type.OBJECTPOINT;
        };
    }

    private static String reservedHint(CurlOpt option) {
        return switch (option) {
            case ERRORBUFFER -> " (its text is in CurlException.errorText() and Failure.message())";
            case WRITEDATA, READDATA, HEADERDATA, XFERINFODATA, PROGRESSDATA, DEBUGDATA ->
                " (callbacks are Java functions: capture what they need)";
            case PROGRESSFUNCTION -> " (use XFERINFOFUNCTION)";
            default -> " (no Java mapping for this pointer option)";
        };
    }

    private static IllegalArgumentException wrongType(CurlOpt option, String given) {
        String expected = switch (option.type()) {
            case LONG, VALUES -> "a long or boolean";
            case OFF_T -> "a long";
            case STRINGPOINT -> "a String";
            case SLISTPOINT -> "a List<String>";
            case BLOB -> "a byte[]";
            case FUNCTIONPOINT -> "a Java function";
            default -> "a value of its own kind";
        };
        return new IllegalArgumentException(option.cName() + " takes " + expected + ", not a " + given);
    }

    // --------------------------------------------------------------------------------- getinfo

    /**
     * Reads a transfer info item: a {@code Long} for LONG, OFF_T (times in µs for
     * {@code *_TIME_T}) and SOCKET items, a {@code Double} for DOUBLE, a {@code String} (or
     * {@code null}) for STRING, a {@code List<String>} for SLIST. The result is inferred from the
     * assignment: {@code long status = curl.getinfo(CurlInfo.RESPONSE_CODE);}.
     *
     * @throws IllegalArgumentException for PTR items, or when libcurl rejects the item
     */
    @SuppressWarnings("unchecked")
    public <T> T getinfo(CurlInfo info) {
        handle.checkOpen();
        NativeBinding.get().library().require(info.cName(), info.since());
        if (info.type() == CurlInfo.Type.PTR && info != CurlInfo.COOKIELIST && info != CurlInfo.SSL_ENGINES) {
            throw new IllegalArgumentException(info.cName() + " returns a native structure, not readable from Java");
        }
        return (T) handle.getinfo(info);
    }

    // ---------------------------------------------------------------------------- the transfer

    /**
     * Runs the transfer on the calling thread and returns when it is done ({@code curl_easy_perform}).
     *
     * @throws CurlException the transfer failed; a Java callback's checked exception is its cause
     * @throws RuntimeException an unchecked exception a Java callback threw, as it was thrown
     * @throws IllegalStateException the handle is closed or added to a multi
     */
    public void perform() throws CurlException {
        handle.perform();
    }

    /** Pauses or unpauses the transfer ({@code curl_easy_pause}); the bits are the {@code PAUSE_*} constants. */
    public void pause(int bitmask) throws CurlException {
        handle.pause(bitmask);
    }

    /**
     * Resets every option to libcurl's default ({@code curl_easy_reset}), keeping the connection
     * cache; Java callbacks, lists and the share are dropped. {@code NOSIGNAL} and, for the bundled
     * libcurl, the system's CA bundle are set again, as on a new handle.
     *
     * @throws IllegalStateException the handle is added to a multi
     */
    public void reset() {
        handle.reset();
    }

    /**
     * A new handle with this one's options ({@code curl_easy_duphandle}) and the same Java
     * callbacks; as in libcurl, it does not inherit the share, connections or cookies.
     */
    public Curl duphandle() {
        return new Curl(this);
    }

    /** The error-buffer text of the last failed transfer, or an empty string. */
    public String errstr() {
        return handle.errstr();
    }

    /** True once {@link #close()} has run. */
    public boolean isClosed() {
        return handle.isClosed();
    }

    /**
     * Frees the handle ({@code curl_easy_cleanup}), removing it from its multi first. Idempotent.
     *
     * @throws IllegalStateException when called from inside a callback of a running transfer
     */
    @Override
    public void close() {
        handle.close();
    }
}
