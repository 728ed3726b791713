package dev.curlmulti.core.internal;

import dev.curlmulti.core.CurlCodes;
import dev.curlmulti.core.CurlOpt;
import dev.curlmulti.core.DebugFunction;
import dev.curlmulti.core.ProgressFunction;
import dev.curlmulti.core.ReadFunction;
import dev.curlmulti.core.WriteFunction;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;

/**
 * Setting options on one easy handle: each Java value marshalled to the C type libcurl expects
 * (C strings in a scratch buffer, {@code curl_blob}, string lists kept alive while used, callback
 * functions with the handle's id as userdata), the record of which options were set since the
 * handle was last put back in shape ({@link #touched()}), and the {@link HandleFacts} the event
 * loop needs. Part of an {@link EasyHandle}; same threading. Every public method checks that the
 * handle is open and, when confined, on its thread.
 */
public final class EasyOptions {
    private static final NativeBinding NATIVE = NativeBinding.get();

    private final EasyHandle handle;
    private final EasyState state;
    private final JavaCallbacks callbacks;
    private final EnumSet<CurlOpt> touched = EnumSet.noneOf(CurlOpt.class);
    private final Set<CurlOpt> touchedView = java.util.Collections.unmodifiableSet(touched);
    private HandleFacts facts = HandleFacts.DEFAULTS;
    private ShareState share;
    private boolean routed;
    /** The debug stream goes to the loop's target ({@link #routeDebugToTarget()}). */
    private boolean debugRouted;
    /** Whether {@link #countSockets()} set the socket callbacks (their data is this handle's id). */
    private boolean socketsCounted;
    /** The mime {@code MIMEPOST} points at, or null. */
    private MimeHandle postedMime;
    /** The URL libcurl holds for this handle, when set from a String. */
    private String url;

    EasyOptions(EasyHandle handle, EasyState state, JavaCallbacks callbacks) {
        this.handle = handle;
        this.state = state;
        this.callbacks = callbacks;
    }

    /** Options this class owns, set on every handle after creation, duplication and reset. */
    void applyFixed() {
        setLongUnchecked(CurlOpt.NOSIGNAL, 1);
        pointer(CurlOpt.ERRORBUFFER, state.errorBuffer);
    }

    /**
     * For the bundled libcurl, which has no CA bundle of its own: the system's
     * ({@link LibraryInfo#caBundle()}) as {@code CAINFO} and {@code PROXY_CAINFO}. Set on a new and
     * a reset handle only, before any user option, so a user's {@code CAINFO} replaces it and a
     * {@code CAINFO_BLOB} takes precedence over it, as libcurl documents; a duplicate copies whatever
     * its original has. Nothing for the system's or a property-chosen libcurl: they keep their own default.
     */
    void applyDefaultTrust() {
        String caBundle = NATIVE.library().caBundle();
        if (caBundle != null) {
            byte[] path = caBundle.getBytes(StandardCharsets.UTF_8);
            setStringUnchecked(CurlOpt.CAINFO, path);
            setStringUnchecked(CurlOpt.PROXY_CAINFO, path);
        }
    }

    /** A C {@code long} option. */
    public void setLong(CurlOpt option, long value) {
        handle.checkOpen();
        setLongUnchecked(option, value);
    }

    private void setLongUnchecked(CurlOpt option, long value) {
        raw(option, NATIVE.easySetoptLong(state.address, option.code(), value));
        facts = facts.afterLong(option, value);
    }

    /** A {@code curl_off_t} option. */
    public void setOffT(CurlOpt option, long value) {
        handle.checkOpen();
        raw(option, NATIVE.easySetoptOffT(state.address, option.code(), value));
    }

    /** A string option (libcurl copies it); {@code null} restores the default. Must not contain NUL. */
    public void setString(CurlOpt option, String value) {
        handle.checkOpen();
        if (value == null) {
            raw(option, NATIVE.easySetoptPointer(state.address, option.code(), 0));
            facts = facts.afterString(option, null);
            if (option == CurlOpt.URL) {
                url = null;
            }
            return;
        }
        if (option == CurlOpt.URL) {
            if (value.equals(url)) {
                // A pooled handle asked for the URL it already has: libcurl keeps its copy for
                // every transfer, so the copy, its free and the marshalling are saved.
                touched.add(option);
                return;
            }
            setStringUnchecked(option, value.getBytes(StandardCharsets.UTF_8));
            facts = facts.afterString(option, value);
            url = value;
            return;
        }
        setStringUnchecked(option, value.getBytes(StandardCharsets.UTF_8));
        facts = facts.afterString(option, value);
    }

    /** A string option given as its bytes (no NUL among them). */
    public void setStringBytes(CurlOpt option, byte[] value) {
        handle.checkOpen();
        setStringUnchecked(option, value);
        if (option == CurlOpt.URL || option == CurlOpt.ACCEPT_ENCODING) {
            facts = facts.afterString(option, value == null ? null : new String(value, StandardCharsets.UTF_8));
        }
    }

    private void setStringUnchecked(CurlOpt option, byte[] value) {
        if (option == CurlOpt.URL) {
            url = null;
        }
        raw(option, NATIVE.easySetoptPointer(state.address, option.code(), value == null ? 0 : state.cString(value)));
    }

    /** A string-list option; {@code null} or empty clears it. The list lives as long as libcurl may read it. */
    public void setList(CurlOpt option, List<String> values) {
        handle.checkOpen();
        Slist list = values == null ? null : Slist.of(values);
        try {
            raw(option, NATIVE.easySetoptPointer(state.address, option.code(), list == null ? 0 : list.address));
        } catch (RuntimeException e) {
            if (list != null) {
                list.release();
            }
            throw e;
        }
        state.holdList(option, list);
    }

    /** A {@code curl_blob} option, copied by libcurl ({@code CURL_BLOB_COPY}); {@code null} clears it. */
    public void setBlob(CurlOpt option, byte[] value) {
        handle.checkOpen();
        if (value == null) {
            raw(option, NATIVE.easySetoptPointer(state.address, option.code(), 0));
            return;
        }
        // struct curl_blob { void *data; size_t len; unsigned int flags; }
        long memory = NATIVE.malloc(24L + value.length);
        try {
            ByteBuffer blob = NATIVE.view(memory, 24L + value.length);
            blob.putLong(0, memory + 24).putLong(8, value.length).putInt(16, 1);
            blob.put(24, value);
            raw(option, NATIVE.easySetoptPointer(state.address, option.code(), memory));
        } finally {
            NATIVE.free(memory);
        }
    }

    /** POST data, any bytes ({@code COPYPOSTFIELDS} with its size first); {@code null} clears it. */
    public void setPostFields(byte[] body) {
        handle.checkOpen();
        if (body == null) {
            raw(
                    CurlOpt.POSTFIELDSIZE_LARGE,
                    NATIVE.easySetoptOffT(state.address, CurlOpt.POSTFIELDSIZE_LARGE.code(), -1));
            raw(CurlOpt.POSTFIELDS, NATIVE.easySetoptPointer(state.address, CurlOpt.POSTFIELDS.code(), 0));
            return;
        }
        raw(
                CurlOpt.POSTFIELDSIZE_LARGE,
                NATIVE.easySetoptOffT(state.address, CurlOpt.POSTFIELDSIZE_LARGE.code(), body.length));
        long copy = NATIVE.malloc(body.length);
        try {
            NATIVE.view(copy, body.length).put(body);
            raw(CurlOpt.COPYPOSTFIELDS, NATIVE.easySetoptPointer(state.address, CurlOpt.COPYPOSTFIELDS.code(), copy));
        } finally {
            NATIVE.free(copy);
        }
    }

    /**
     * Posts {@code mime} ({@code CURLOPT_MIMEPOST}, made for this handle); {@code null} stops posting
     * one. A mime this replaces is freed: libcurl no longer reads it.
     */
    public void setMime(MimeHandle mime) {
        handle.checkOpen();
        if (mime != null && mime.owner() != handle) {
            throw new IllegalArgumentException("a CurlMime can only be posted by the Curl it was made for");
        }
        raw(
                CurlOpt.MIMEPOST,
                NATIVE.easySetoptPointer(state.address, CurlOpt.MIMEPOST.code(), mime == null ? 0 : mime.address()));
        if (postedMime != null && postedMime != mime) {
            postedMime.free();
        }
        postedMime = mime;
    }

    /** Attaches a share ({@code null} detaches); the share stays alive while this handle uses it. */
    public void setShare(ShareState value) {
        handle.checkOpen();
        if (value == share) {
            return;
        }
        raw(
                CurlOpt.SHARE,
                NATIVE.easySetoptPointer(state.address, CurlOpt.SHARE.code(), value == null ? 0 : value.address()));
        synchronized (NativeOwnership.FREE_LOCK) {
            if (state.share != null) {
                state.share.userGone();
            }
            state.share = value;
            if (value != null) {
                value.userAdded();
            }
        }
        share = value;
    }

    public void setWriteFunction(WriteFunction function) {
        handle.checkOpen();
        callbacks.write = function;
        installCallback(
                CurlOpt.WRITEFUNCTION, CurlOpt.WRITEDATA, CallbackKind.WRITE, function != null, NATIVE.cStdout());
    }

    public void setHeaderFunction(WriteFunction function) {
        handle.checkOpen();
        callbacks.header = function;
        installCallback(CurlOpt.HEADERFUNCTION, CurlOpt.HEADERDATA, CallbackKind.HEADER, function != null, 0);
    }

    public void setReadFunction(ReadFunction function) {
        handle.checkOpen();
        callbacks.read = function;
        installCallback(CurlOpt.READFUNCTION, CurlOpt.READDATA, CallbackKind.READ, function != null, NATIVE.cStdin());
    }

    /** Also turns {@code NOPROGRESS} off (on for {@code null}). */
    public void setProgressFunction(ProgressFunction function) {
        handle.checkOpen();
        callbacks.progress = function;
        installCallback(CurlOpt.XFERINFOFUNCTION, CurlOpt.XFERINFODATA, CallbackKind.XFERINFO, function != null, 0);
        raw(
                CurlOpt.NOPROGRESS,
                NATIVE.easySetoptLong(state.address, CurlOpt.NOPROGRESS.code(), function == null ? 1 : 0));
    }

    public void setDebugFunction(DebugFunction function) {
        handle.checkOpen();
        callbacks.debug = function;
        installCallback(CurlOpt.DEBUGFUNCTION, CurlOpt.DEBUGDATA, CallbackKind.DEBUG, function != null, 0);
    }

    private void installCallback(CurlOpt function, CurlOpt data, CallbackKind kind, boolean set, long defaultData) {
        if (set) {
            pointer(data, state.id);
            pointer(function, NATIVE.callbackAddress(kind));
        } else {
            // libcurl's default function uses the data pointer as a FILE*: restore a valid one.
            pointer(function, 0);
            pointer(data, defaultData);
        }
    }

    void pointer(CurlOpt option, long address) {
        raw(option, NATIVE.easySetoptPointer(state.address, option.code(), address));
    }

    /** Records the option as set and turns libcurl's refusal into an exception. */
    private void raw(CurlOpt option, int rc) {
        touched.add(option);
        NativeResources.setoptCalled();
        if (rc != 0) {
            throw new IllegalArgumentException("curl_easy_setopt(" + option.cName() + ") failed: "
                    + CurlCodes.easyName(rc) + ": " + NATIVE.easyStrerror(rc));
        }
    }

    // ------------------------------------------------------------- kept in one place

    /** After {@code curl_easy_reset}: libcurl's defaults, no callbacks, no share. */
    void afterReset() {
        synchronized (NativeOwnership.FREE_LOCK) {
            state.releaseLists();
            state.freeMimes();
            if (state.share != null) {
                state.share.userGone();
                state.share = null;
            }
        }
        share = null;
        postedMime = null;
        callbacks.clear();
        routed = false;
        socketsCounted = false;
        debugRouted = false;
        url = null;
        facts = HandleFacts.DEFAULTS;
        applyFixed();
        applyDefaultTrust();
    }

    /**
     * After {@code curl_easy_duphandle} into {@code copy}: the same facts, and the copy's own id, buffers and lists.
     */
    void copyInto(EasyOptions copy) {
        copy.facts = facts;
        copy.url = url;
        state.shareListsWith(copy.state);
        copy.applyFixed();
        copy.routed = routed;
        if (callbacks.write != null || routed) {
            copy.pointer(CurlOpt.WRITEDATA, copy.state.id);
        }
        if (callbacks.header != null || routed) {
            copy.pointer(CurlOpt.HEADERDATA, copy.state.id);
        }
        if (callbacks.read != null || routed) {
            copy.pointer(CurlOpt.READDATA, copy.state.id);
        }
        if (routed && EasyHandle.prereqSupported()) {
            copy.pointer(CurlOpt.PREREQDATA, copy.state.id);
        }
        if (callbacks.progress != null) {
            copy.pointer(CurlOpt.XFERINFODATA, copy.state.id);
        }
        copy.socketsCounted = socketsCounted;
        if (socketsCounted) {
            copy.pointer(CurlOpt.SOCKOPTDATA, copy.state.id);
        }
        copy.debugRouted = debugRouted;
        if (callbacks.debug != null || debugRouted) {
            copy.pointer(CurlOpt.DEBUGDATA, copy.state.id);
        }
    }

    /** After {@code close()}. */
    void afterClose() {
        share = null;
        postedMime = null;
    }

    // ------------------------------------------------------------------ for the event loop

    /** The option values the loop needs. */
    public HandleFacts facts() {
        return facts;
    }

    /** The URL set from a String ({@link #setString}), or null. */
    public String url() {
        return url;
    }

    /** Whether the write, header and read callbacks go to a target the loop activates. */
    public boolean isRouted() {
        return routed;
    }

    /**
     * Points the write, header, read (and, with libcurl 7.80+, pre-request) callbacks at the shared
     * native functions with this handle's id, without Java functions: the loop activates the id
     * with its own transfer as target.
     */
    public void routeToTarget() {
        handle.checkOpen();
        callbacks.write = null;
        callbacks.header = null;
        callbacks.read = null;
        pointer(CurlOpt.WRITEDATA, state.id);
        pointer(CurlOpt.WRITEFUNCTION, NATIVE.callbackAddress(CallbackKind.WRITE));
        pointer(CurlOpt.HEADERDATA, state.id);
        pointer(CurlOpt.HEADERFUNCTION, NATIVE.callbackAddress(CallbackKind.HEADER));
        // Reads too: libcurl's default read function is fread(stdin), which would block the loop
        // thread on the JVM's standard input. The transfer answers "end of body" without an upload.
        pointer(CurlOpt.READDATA, state.id);
        pointer(CurlOpt.READFUNCTION, NATIVE.callbackAddress(CallbackKind.READ));
        // The moment the request goes out on a connection (after any wait for one), for timeouts
        // that must not count that wait; libcurl before 7.80 has no such callback.
        if (EasyHandle.prereqSupported()) {
            pointer(CurlOpt.PREREQDATA, state.id);
            pointer(CurlOpt.PREREQFUNCTION, NATIVE.callbackAddress(CallbackKind.PREREQ));
        }
        routed = true;
    }

    /**
     * Points the transfer-info callback ({@code CURLOPT_XFERINFOFUNCTION}) at the shared native
     * function with this handle's id and turns {@code NOPROGRESS} off, for a transfer whose loop target
     * wants progress. {@link #setProgressFunction setProgressFunction(null)} takes it off again.
     */
    public void routeProgressToTarget() {
        handle.checkOpen();
        callbacks.progress = null;
        installCallback(CurlOpt.XFERINFOFUNCTION, CurlOpt.XFERINFODATA, CallbackKind.XFERINFO, true, 0);
        raw(CurlOpt.NOPROGRESS, NATIVE.easySetoptLong(state.address, CurlOpt.NOPROGRESS.code(), 0));
    }

    /**
     * Counts the sockets libcurl opens and closes for this handle's transfers
     * ({@code CURLOPT_SOCKOPTFUNCTION}, {@code CURLOPT_CLOSESOCKETFUNCTION}) in the counter of the
     * thread that runs them ({@link SocketCounts}). Linux only (the close goes through libc);
     * elsewhere nothing is set. Copied by {@code duphandle}; libcurl keeps a connection's close
     * function with the connection, so it runs even after this handle is gone.
     */
    public void countSockets() {
        handle.checkOpen();
        if (!NATIVE.linux().available()) {
            return;
        }
        // The handle's id tells the counter which transfer made a socket (for per-host counts).
        pointer(CurlOpt.SOCKOPTDATA, state.id);
        pointer(CurlOpt.SOCKOPTFUNCTION, NATIVE.callbackAddress(CallbackKind.SOCKOPT));
        pointer(CurlOpt.CLOSESOCKETFUNCTION, NATIVE.callbackAddress(CallbackKind.CLOSESOCKET));
        socketsCounted = true;
    }

    /**
     * Sends libcurl's debug stream ({@code CURLOPT_VERBOSE}, {@code CURLOPT_DEBUGFUNCTION}) to the
     * target the loop activates for this handle, like {@link #routeToTarget()} does for data.
     */
    public void routeDebugToTarget() {
        handle.checkOpen();
        callbacks.debug = null;
        debugRouted = true;
        raw(CurlOpt.VERBOSE, NATIVE.easySetoptLong(state.address, CurlOpt.VERBOSE.code(), 1));
        pointer(CurlOpt.DEBUGDATA, state.id);
        pointer(CurlOpt.DEBUGFUNCTION, NATIVE.callbackAddress(CallbackKind.DEBUG));
    }

    /**
     * Sets {@code PIPEWAIT} when the transfer could share an HTTP/2 connection and clears it
     * otherwise ({@link HandleFacts#canMultiplex()}). Managed by the loop: not counted as an option
     * the request set.
     */
    public void preferMultiplexing() {
        boolean wanted = facts.canMultiplex();
        if (wanted != facts.pipewait()) {
            raw(CurlOpt.PIPEWAIT, NATIVE.easySetoptLong(state.address, CurlOpt.PIPEWAIT.code(), wanted ? 1 : 0));
            touched.remove(CurlOpt.PIPEWAIT);
            facts = facts.withPipewait(wanted);
        }
    }

    /** Options set since {@link #markClean()}: a read-only view, for the thread that owns the handle. */
    public Set<CurlOpt> touched() {
        return touchedView;
    }

    /** Forgets which options were set, after a pool has put the handle back in shape. */
    public void markClean() {
        touched.clear();
    }
}
