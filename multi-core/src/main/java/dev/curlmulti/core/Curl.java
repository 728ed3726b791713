package dev.curlmulti.core;

import com.sun.jna.Memory;
import com.sun.jna.NativeLong;
import com.sun.jna.Pointer;
import dev.curlmulti.core.internal.jna.CallbackRegistry;
import dev.curlmulti.core.internal.jna.CurlGlobal;
import dev.curlmulti.core.internal.jna.LibC;
import dev.curlmulti.core.internal.jna.LibCurl;
import dev.curlmulti.core.internal.jna.LibCurlFixedArity;
import dev.curlmulti.core.internal.jna.LibCurlVarargs;
import dev.curlmulti.core.internal.jna.NativeCallbacks;
import dev.curlmulti.core.internal.jna.NativeResources;
import dev.curlmulti.core.internal.jna.ThreadChecks;

import java.lang.ref.Cleaner;
import java.lang.ref.Reference;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.EnumSet;
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
 * HTTP client in {@code multi-reactor} adds secure defaults on top.
 */
public final class Curl implements AutoCloseable {
    /** Returned by a {@link WriteFunction} to pause receiving ({@code CURL_WRITEFUNC_PAUSE}). */
    public static final int WRITEFUNC_PAUSE = 0x10000001;
    /** Returned by a {@link ReadFunction} to pause sending ({@code CURL_READFUNC_PAUSE}). */
    public static final int READFUNC_PAUSE = 0x10000001;
    /** Returned by a {@link ReadFunction} to abort ({@code CURL_READFUNC_ABORT}). */
    public static final int READFUNC_ABORT = 0x10000000;
    /** Returned by a {@link ProgressFunction} to go on ({@code CURL_PROGRESSFUNC_CONTINUE}). */
    public static final int PROGRESSFUNC_CONTINUE = 0x10000001;
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

    private static final int CURLE_OK = 0;

    final EasyState state;
    final JavaCallbacks callbacks;
    private final Cleaner.Cleanable cleanable;
    private final Memory infoOut = new Memory(8);
    private CurlShare share;
    CurlMulti multi;
    private boolean closed;
    private boolean performing;
    /** Write and header callbacks go to a target the event loop activates, not to Java functions. */
    boolean routed;
    /** The event-loop thread that owns the handle while it runs a transfer, or null. */
    Thread owner;
    /** What the event loop attached (its transfer), or null. */
    Object attachment;
    /** Options set since {@link #markClean()}: a pool resets them before reuse. */
    final EnumSet<CurlOpt> touched = EnumSet.noneOf(CurlOpt.class);
    boolean followLocation;
    /** The URL's scheme is HTTP(S) (or absent, which libcurl treats as HTTP). */
    private boolean httpUrl = true;
    private boolean httpsUrl;
    private long httpVersion;
    private boolean pipewait;
    long httpAuth = 1;
    long proxyAuth = 1;
    /** Scratch for C strings: libcurl copies string options, so one buffer serves every call. */
    private Memory text = new Memory(256);

    /** Creates an easy handle ({@code curl_easy_init}). */
    public Curl() {
        this(newHandle(), new JavaCallbacks());
        applyFixedOptions();
    }

    private Curl(long address, JavaCallbacks callbacks) {
        this.state = new EasyState(address);
        this.callbacks = callbacks;
        this.cleanable = NativeOwnership.CLEANER.register(this, state);
    }

    private static long newHandle() {
        CurlGlobal.ensureInitialized();
        long address = LibCurl.curl_easy_init();
        if (address == 0) {
            throw new OutOfMemoryError("curl_easy_init failed");
        }
        return address;
    }

    /** Options this class owns, set on every handle after creation, duplication and reset. */
    private void applyFixedOptions() {
        raw(CurlOpt.NOSIGNAL, new NativeLong(1));
        raw(CurlOpt.ERRORBUFFER, state.errorBuffer);
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
                raw(option, new NativeLong(value));
                remember(option, value);
            }
            case OFF_T -> raw(option, value);
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
            setPostFields(value == null ? null : value.getBytes(StandardCharsets.UTF_8));
            return;
        }
        if (option.type() != CurlOpt.Type.STRINGPOINT) {
            throw wrongType(option, "String");
        }
        if (value == null) {
            raw(option, Pointer.NULL);
            return;
        }
        if (option == CurlOpt.URL) {
            httpUrl = isHttpScheme(value);
            httpsUrl = value.regionMatches(true, 0, "https://", 0, 8);
        }
        if (value.indexOf('\0') >= 0) {
            throw new IllegalArgumentException(option.cName() + " value contains NUL, which would cut it short");
        }
        raw(option, cString(value.getBytes(StandardCharsets.UTF_8)));
    }

    /** The bytes as a NUL-terminated C string in this handle's scratch buffer (valid until the next call). */
    private Pointer cString(byte[] bytes) {
        if (text.size() < bytes.length + 1L) {
            text = new Memory(Math.max(bytes.length + 1L, text.size() * 2));
        }
        text.write(0, bytes, 0, bytes.length);
        text.setByte(bytes.length, (byte) 0);
        return text;
    }

    /**
     * Sets a byte option: a {@link CurlOpt.Type#BLOB} (copied by libcurl), POST data
     * ({@link CurlOpt#POSTFIELDS}, {@link CurlOpt#COPYPOSTFIELDS}: sent as is, any bytes), or a
     * string option given as raw bytes.
     */
    public void setopt(CurlOpt option, byte[] value) {
        checkUsable(option);
        if (isPostFields(option)) {
            setPostFields(value);
        } else if (option.type() == CurlOpt.Type.BLOB) {
            setBlob(option, value);
        } else if (option.type() == CurlOpt.Type.STRINGPOINT) {
            if (value == null) {
                raw(option, Pointer.NULL);
                return;
            }
            for (byte b : value) {
                if (b == 0) {
                    throw new IllegalArgumentException(option.cName() + " value contains NUL");
                }
            }
            raw(option, cString(value));
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
        Slist list = values == null ? null : Slist.of(values);
        try {
            raw(option, list == null ? Pointer.NULL : new Pointer(list.address));
        } catch (RuntimeException e) {
            if (list != null) {
                list.release();
            }
            throw e;
        }
        state.holdList(option, list);
    }

    /** Attaches a {@link CurlShare} ({@link CurlOpt#SHARE}); {@code null} detaches. */
    public void setopt(CurlOpt option, CurlShare value) {
        checkUsable(option);
        if (option != CurlOpt.SHARE) {
            throw wrongType(option, "CurlShare");
        }
        long shareAddress = value == null ? 0 : value.address();
        if (value == share) {
            return;
        }
        raw(option, new Pointer(shareAddress));
        synchronized (NativeOwnership.FREE_LOCK) {
            if (state.share != null) {
                state.share.userGone();
            }
            state.share = value == null ? null : value.state;
            if (state.share != null) {
                state.share.userAdded();
            }
        }
        share = value;
    }

    /** Sets {@link CurlOpt#WRITEFUNCTION} or {@link CurlOpt#HEADERFUNCTION}; {@code null} restores libcurl's default. */
    public void setopt(CurlOpt option, WriteFunction function) {
        checkUsable(option);
        if (option == CurlOpt.WRITEFUNCTION) {
            callbacks.write = function;
            installCallback(option, CurlOpt.WRITEDATA, NativeCallbacks.WRITE_FUNCTION, function != null,
                    LibC.stdout());
        } else if (option == CurlOpt.HEADERFUNCTION) {
            callbacks.header = function;
            installCallback(option, CurlOpt.HEADERDATA, NativeCallbacks.HEADER_FUNCTION, function != null,
                    Pointer.NULL);
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
        callbacks.read = function;
        installCallback(option, CurlOpt.READDATA, NativeCallbacks.READ_FUNCTION, function != null, LibC.stdin());
    }

    /** Sets {@link CurlOpt#XFERINFOFUNCTION} and turns {@link CurlOpt#NOPROGRESS} off (on for {@code null}). */
    public void setopt(CurlOpt option, ProgressFunction function) {
        checkUsable(option);
        if (option != CurlOpt.XFERINFOFUNCTION) {
            throw wrongType(option, "ProgressFunction");
        }
        callbacks.progress = function;
        installCallback(option, CurlOpt.XFERINFODATA, NativeCallbacks.XFERINFO_FUNCTION, function != null,
                Pointer.NULL);
        raw(CurlOpt.NOPROGRESS, new NativeLong(function == null ? 1 : 0));
    }

    /** Sets {@link CurlOpt#DEBUGFUNCTION}; {@code null} restores libcurl's default (stderr). */
    public void setopt(CurlOpt option, DebugFunction function) {
        checkUsable(option);
        if (option != CurlOpt.DEBUGFUNCTION) {
            throw wrongType(option, "DebugFunction");
        }
        callbacks.debug = function;
        installCallback(option, CurlOpt.DEBUGDATA, NativeCallbacks.DEBUG_FUNCTION, function != null, Pointer.NULL);
    }

    private void installCallback(CurlOpt function, CurlOpt data, Pointer nativeFunction, boolean set,
                                 Pointer defaultData) {
        if (set) {
            raw(data, new Pointer(state.id));
            raw(function, nativeFunction);
        } else {
            // libcurl's default function uses the data pointer as a FILE*: restore a valid one.
            raw(function, Pointer.NULL);
            raw(data, defaultData);
        }
    }

    private static boolean isHttpScheme(String url) {
        int colon = url.indexOf("://");
        if (colon < 0) {
            return true;
        }
        String scheme = url.substring(0, colon);
        return scheme.equalsIgnoreCase("http") || scheme.equalsIgnoreCase("https");
    }

    /** Whether responses have HTTP heads (decides how the event loop finds the final head). */
    boolean isHttpLike() {
        return httpUrl;
    }

    /** Keeps the few values the event loop needs to tell a final response head from an intermediate one. */
    private void remember(CurlOpt option, long value) {
        switch (option) {
            case FOLLOWLOCATION -> followLocation = value != 0;
            case HTTPAUTH -> httpAuth = value;
            case PROXYAUTH -> proxyAuth = value;
            case HTTP_VERSION -> httpVersion = value;
            default -> {
            }
        }
    }

    private static boolean isPostFields(CurlOpt option) {
        return option == CurlOpt.POSTFIELDS || option == CurlOpt.COPYPOSTFIELDS;
    }

    private void setPostFields(byte[] body) {
        if (body == null) {
            raw(CurlOpt.POSTFIELDSIZE_LARGE, -1L);
            raw(CurlOpt.POSTFIELDS, Pointer.NULL);
            return;
        }
        // COPYPOSTFIELDS copies POSTFIELDSIZE bytes, so binary data with NULs survives.
        Memory copy = new Memory(Math.max(1, body.length));
        copy.write(0, body, 0, body.length);
        raw(CurlOpt.POSTFIELDSIZE_LARGE, (long) body.length);
        raw(CurlOpt.COPYPOSTFIELDS, copy);
        Reference.reachabilityFence(copy);
    }

    private void setBlob(CurlOpt option, byte[] value) {
        if (value == null) {
            raw(option, Pointer.NULL);
            return;
        }
        // struct curl_blob { void *data; size_t len; unsigned int flags; } with CURL_BLOB_COPY.
        Memory data = new Memory(Math.max(1, value.length));
        data.write(0, value, 0, value.length);
        Memory blob = new Memory(24);
        blob.setPointer(0, data);
        blob.setLong(8, value.length);
        blob.setInt(16, 1);
        raw(option, blob);
        Reference.reachabilityFence(data);
        Reference.reachabilityFence(blob);
    }

    private void raw(CurlOpt option, Object value) {
        touched.add(option);
        NativeResources.setoptCalled();
        int rc = LibCurlFixedArity.AVAILABLE && LibCurlFixedArity.takes(value)
                ? LibCurlFixedArity.curl_easy_setopt(state.address, option.code(), LibCurlFixedArity.bits(value))
                : LibCurlVarargs.INSTANCE.curl_easy_setopt(state.address, option.code(), value);
        // The native memory behind a Pointer value must outlive the call.
        Reference.reachabilityFence(value);
        if (rc != CURLE_OK) {
            throw new IllegalArgumentException("curl_easy_setopt(" + option.cName() + ") failed: "
                    + CurlCodes.easyName(rc) + ": " + LibCurl.curl_easy_strerror(rc));
        }
    }

    private void checkUsable(CurlOpt option) {
        checkOpen();
        if (option == null) {
            throw new NullPointerException("option");
        }
        requireVersion(option.cName(), option.since(), CurlGlobal.versionNum());
        if (isReserved(option)) {
            throw new IllegalArgumentException(option.cName() + " is managed by curl-multi and cannot be set directly"
                    + reservedHint(option));
        }
    }

    /** Refuses a symbol that the loaded libcurl is too old to know. */
    static void requireVersion(String cName, int since, int loaded) {
        if (Integer.compareUnsigned(since, loaded) > 0) {
            throw new UnsupportedOperationException(cName + " needs libcurl " + CurlGlobal.versionString(since)
                    + " or newer; the loaded libcurl is " + CurlGlobal.versionString(loaded));
        }
    }

    private static boolean isReserved(CurlOpt option) {
        return switch (option) {
            case ERRORBUFFER, WRITEDATA, READDATA, HEADERDATA, XFERINFODATA, PROGRESSDATA, DEBUGDATA, STDERR,
                 PROGRESSFUNCTION, PRIVATE -> true;
            case WRITEFUNCTION, HEADERFUNCTION, READFUNCTION, XFERINFOFUNCTION, DEBUGFUNCTION, SHARE,
                 POSTFIELDS, COPYPOSTFIELDS -> false;
            default -> option.type() == CurlOpt.Type.FUNCTIONPOINT || option.type() == CurlOpt.Type.CBPOINT
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
        checkOpen();
        requireVersion(info.cName(), info.since(), CurlGlobal.versionNum());
        if (info.type() == CurlInfo.Type.PTR && info != CurlInfo.COOKIELIST && info != CurlInfo.SSL_ENGINES) {
            throw new IllegalArgumentException(info.cName() + " returns a native structure, not readable from Java");
        }
        infoOut.setLong(0, 0);
        int rc = LibCurlFixedArity.AVAILABLE
                ? LibCurlFixedArity.curl_easy_getinfo(state.address, info.code(), Pointer.nativeValue(infoOut))
                : LibCurlVarargs.INSTANCE.curl_easy_getinfo(state.address, info.code(), infoOut);
        if (rc != CURLE_OK) {
            throw new IllegalArgumentException("curl_easy_getinfo(" + info.cName() + ") failed: "
                    + CurlCodes.easyName(rc) + ": " + LibCurl.curl_easy_strerror(rc));
        }
        Object value = switch (info.type()) {
            case LONG -> infoOut.getNativeLong(0).longValue();
            case OFF_T -> infoOut.getLong(0);
            case SOCKET -> (long) infoOut.getInt(0);
            case DOUBLE -> infoOut.getDouble(0);
            case STRING -> {
                Pointer text = infoOut.getPointer(0);
                yield text == null ? null : text.getString(0, "UTF-8");
            }
            case SLIST, PTR -> readAndFreeList(infoOut.getPointer(0));
        };
        return (T) value;
    }

    private static List<String> readAndFreeList(Pointer head) {
        List<String> values = new ArrayList<>();
        // struct curl_slist { char *data; struct curl_slist *next; }
        for (Pointer node = head; node != null; node = node.getPointer(8)) {
            Pointer data = node.getPointer(0);
            values.add(data == null ? null : data.getString(0, "UTF-8"));
        }
        if (head != null) {
            LibCurl.curl_slist_free_all(Pointer.nativeValue(head));
        }
        return List.copyOf(values);
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
        checkOpen();
        if (multi != null) {
            throw new IllegalStateException("this handle is added to a CurlMulti: the multi drives its transfer");
        }
        checkNotInTransfer("perform()");
        CallbackRegistry.activate(state.id, callbacks);
        int rc;
        performing = true;
        try {
            rc = LibCurl.curl_easy_perform(state.address);
        } finally {
            performing = false;
            CallbackRegistry.deactivate(state.id);
        }
        Throwable callbackFailure = callbacks.takeFailure();
        if (callbackFailure instanceof RuntimeException runtime) {
            throw runtime;
        }
        if (callbackFailure instanceof Error error) {
            throw error;
        }
        if (rc != CURLE_OK || callbackFailure != null) {
            throw new CurlException(rc, errorText(rc), callbackFailure);
        }
    }

    /** Pauses or unpauses the transfer ({@code curl_easy_pause}); the bits are the {@code PAUSE_*} constants. */
    public void pause(int bitmask) throws CurlException {
        checkOpen();
        int rc = LibCurl.curl_easy_pause(state.address, bitmask);
        if (rc != CURLE_OK) {
            throw new CurlException(rc, errorText(rc));
        }
    }

    /**
     * Resets every option to libcurl's default ({@code curl_easy_reset}), keeping the connection
     * cache; Java callbacks, lists and the share are dropped.
     *
     * @throws IllegalStateException the handle is added to a multi
     */
    public void reset() {
        checkOpen();
        checkNotInTransfer("reset()");
        if (multi != null) {
            throw new IllegalStateException("remove the handle from its CurlMulti before reset()");
        }
        LibCurl.curl_easy_reset(state.address);
        synchronized (NativeOwnership.FREE_LOCK) {
            state.releaseLists();
            if (state.share != null) {
                state.share.userGone();
                state.share = null;
            }
        }
        share = null;
        callbacks.write = null;
        callbacks.header = null;
        callbacks.read = null;
        callbacks.progress = null;
        callbacks.debug = null;
        routed = false;
        pipewait = false;
        httpVersion = 0;
        followLocation = false;
        httpAuth = 1;
        proxyAuth = 1;
        applyFixedOptions();
    }

    /**
     * A new handle with this one's options ({@code curl_easy_duphandle}) and the same Java
     * callbacks; as in libcurl, it does not inherit the share, connections or cookies.
     */
    public Curl duphandle() {
        checkOpen();
        checkNotInTransfer("duphandle()");
        long copyAddress = LibCurl.curl_easy_duphandle(state.address);
        if (copyAddress == 0) {
            throw new OutOfMemoryError("curl_easy_duphandle failed");
        }
        Curl copy = new Curl(copyAddress, callbacks.copy());
        copy.followLocation = followLocation;
        copy.httpAuth = httpAuth;
        copy.proxyAuth = proxyAuth;
        copy.httpUrl = httpUrl;
        copy.httpsUrl = httpsUrl;
        copy.httpVersion = httpVersion;
        copy.pipewait = pipewait;
        // The copy points at our lists and at our id and error buffer: give it its own.
        state.shareListsWith(copy.state);
        copy.applyFixedOptions();
        copy.repointCallbackData(routed);
        return copy;
    }

    private void repointCallbackData(boolean routedSource) {
        Pointer id = new Pointer(state.id);
        routed = routedSource;
        if (callbacks.write != null || routedSource) {
            raw(CurlOpt.WRITEDATA, id);
        }
        if (callbacks.header != null || routedSource) {
            raw(CurlOpt.HEADERDATA, id);
        }
        if (callbacks.read != null || routedSource) {
            raw(CurlOpt.READDATA, id);
        }
        if (routedSource && PREREQ_SUPPORTED) {
            raw(CurlOpt.PREREQDATA, id);
        }
        if (callbacks.progress != null) {
            raw(CurlOpt.XFERINFODATA, id);
        }
        if (callbacks.debug != null) {
            raw(CurlOpt.DEBUGDATA, id);
        }
    }

    /** The error-buffer text of the last failed transfer, or an empty string. */
    public String errstr() {
        checkOpen();
        return state.errorText();
    }

    String errorText(int code) {
        String text = state.errorText();
        return text.isEmpty() ? LibCurl.curl_easy_strerror(code) : text;
    }

    /** True once {@link #close()} has run. */
    public boolean isClosed() {
        return closed;
    }

    /**
     * Frees the handle ({@code curl_easy_cleanup}), removing it from its multi first. Idempotent.
     *
     * @throws IllegalStateException when called from inside a callback of a running transfer
     */
    @Override
    public void close() {
        if (closed) {
            return;
        }
        checkNotInTransfer("close()");
        closed = true;
        if (multi != null) {
            multi.forget(this);
        }
        cleanable.clean();
        share = null;
    }

    long address() {
        return state.address;
    }

    /**
     * libcurl is running this handle's transfer right now, so this is a call from inside one of
     * its callbacks: freeing or resetting the handle there would pull memory from under libcurl.
     */
    private void checkNotInTransfer(String what) {
        if (performing || (multi != null && multi.performing)) {
            throw new IllegalStateException(what + " cannot be called from inside a libcurl callback");
        }
    }

    private void checkOpen() {
        if (closed) {
            throw new IllegalStateException("this Curl handle is closed");
        }
        if (ThreadChecks.ENABLED && owner != null && owner != Thread.currentThread()) {
            throw new IllegalStateException("libcurl call on a handle owned by " + owner.getName() + " from "
                    + Thread.currentThread().getName());
        }
    }

    // ------------------------------------------------------------ used by the event loop and pools

    /**
     * Points the write and header callbacks at the shared native trampolines with this handle's
     * id, without Java functions: the event loop activates the id with its own transfer target.
     */
    void routeToTarget() {
        checkOpen();
        callbacks.write = null;
        callbacks.header = null;
        Pointer id = new Pointer(state.id);
        raw(CurlOpt.WRITEDATA, id);
        raw(CurlOpt.WRITEFUNCTION, NativeCallbacks.WRITE_FUNCTION);
        raw(CurlOpt.HEADERDATA, id);
        raw(CurlOpt.HEADERFUNCTION, NativeCallbacks.HEADER_FUNCTION);
        // Reads too: libcurl's default read function is fread(stdin), which would block the loop
        // thread on the JVM's standard input. The transfer answers "end of body" without an upload.
        callbacks.read = null;
        raw(CurlOpt.READDATA, id);
        raw(CurlOpt.READFUNCTION, NativeCallbacks.READ_FUNCTION);
        // The moment the request goes out on a connection (after any wait for one), for timeouts
        // that must not count that wait; libcurl before 7.80 has no such callback.
        if (PREREQ_SUPPORTED) {
            raw(CurlOpt.PREREQDATA, id);
            raw(CurlOpt.PREREQFUNCTION, NativeCallbacks.PREREQ_FUNCTION);
        }
        routed = true;
    }

    /** Whether the loaded libcurl has {@code CURLOPT_PREREQFUNCTION} (7.80.0+). */
    static final boolean PREREQ_SUPPORTED =
            Integer.compareUnsigned(CurlGlobal.versionNum(), CurlOpt.PREREQFUNCTION.since()) >= 0;

    /**
     * Sets {@code PIPEWAIT} when this transfer could share an HTTP/2 connection (HTTPS, or HTTP/2 with
     * prior knowledge) and clears it otherwise. With it a burst waits for the first connection's
     * ALPN answer instead of opening a connection each; on plain HTTP/1.1 it would instead make
     * every request wait for the previous response on the same host, so it stays off there.
     * Managed by the event loop: not counted as a request option for {@link HandlePool} reuse.
     */
    void preferMultiplexing() {
        boolean wanted = (httpsUrl && httpVersion != 1 && httpVersion != 2) || httpVersion == 5;
        if (wanted != pipewait) {
            raw(CurlOpt.PIPEWAIT, new NativeLong(wanted ? 1 : 0));
            touched.remove(CurlOpt.PIPEWAIT);
            pipewait = wanted;
        }
    }

    /** Forgets which options were set, after a pool has put the handle back in shape. */
    void markClean() {
        touched.clear();
    }

    /** Makes every libcurl call on this handle from another thread fail (when checks are on). */
    void confineTo(Thread thread) {
        owner = thread;
    }
}
