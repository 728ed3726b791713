package dev.curlmulti.core.internal;

import dev.curlmulti.core.Curl;
import dev.curlmulti.core.CurlException;
import dev.curlmulti.core.CurlInfo;
import dev.curlmulti.core.CurlOpt;
import java.lang.ref.Cleaner;

/**
 * The internal object behind a {@link Curl}: the native easy handle's life (perform, pause,
 * reset, duplicate, close), its option marshalling ({@link EasyOptions}, which also keeps the
 * {@link HandleFacts}), getinfo decoding, and the event loop's per-handle state (which thread owns
 * it, the multi it is in). {@code Curl} checks the caller's arguments against the option's type
 * and the loaded libcurl, then calls here; the loop reaches it through {@link Internals}.
 *
 * <p><b>Threading:</b> confined to one thread at a time, like the {@code Curl}; with
 * {@link ThreadChecks} on, a handle confined to a loop thread refuses calls from others.
 * <b>Ownership:</b> owned by its {@code Curl}; the native memory is in an {@link EasyState}, freed
 * by {@link #close()} or by the cleaner once the {@code Curl} is unreachable.
 */
public final class EasyHandle {
    private static final NativeBinding NATIVE = NativeBinding.get();
    private static final int CURLE_OK = 0;

    final EasyState state;
    final JavaCallbacks callbacks;
    private final Cleaner.Cleanable cleanable;
    private final Curl facade;
    private final EasyOptions options;
    /** The multi this handle is in, and the target its callbacks reach there; set by {@link MultiHandle}. */
    MultiHandle multi;

    CallbackTarget target;
    private boolean closed;
    private boolean performing;
    private Thread owner;

    private EasyHandle(Curl facade, long address, JavaCallbacks callbacks) {
        this.state = new EasyState(address);
        this.callbacks = callbacks;
        this.facade = facade;
        this.cleanable = NativeOwnership.register(facade, state);
        this.options = new EasyOptions(this, state, callbacks);
    }

    /** Setting options, and the option facts the loop needs. */
    public EasyOptions options() {
        return options;
    }

    /**
     * Whether the loaded libcurl has {@code CURLOPT_PREREQFUNCTION} (7.80.0+). Asked lazily: a
     * missing libcurl must fail each handle creation with the loader's message, not leave this
     * class unusable.
     */
    public static boolean prereqSupported() {
        return Prereq.SUPPORTED;
    }

    private static final class Prereq {
        static final boolean SUPPORTED = NATIVE.library().isAtLeast(CurlOpt.PREREQFUNCTION.since());
    }

    /**
     * A new native handle ({@code curl_easy_init}) behind {@code facade}, with the fixed options and,
     * for the bundled libcurl, the system's CA bundle ({@link EasyOptions#applyDefaultTrust()}).
     */
    public static EasyHandle create(Curl facade) {
        NATIVE.library();
        long address = NATIVE.easyInit();
        if (address == 0) {
            throw new OutOfMemoryError("curl_easy_init failed");
        }
        EasyHandle handle = new EasyHandle(facade, address, new JavaCallbacks());
        handle.options.applyFixed();
        handle.options.applyDefaultTrust();
        return handle;
    }

    // ----------------------------------------------------------------------------- getinfo

    /** One info item, decoded by its type (see {@code Curl.getinfo}). */
    public Object getinfo(CurlInfo info) {
        checkOpen();
        return InfoReader.read(state, info);
    }

    /** A numeric info item without boxing: the event loop reads several per transfer. */
    public long getinfoLong(CurlInfo info) {
        checkOpen();
        return InfoReader.readLong(state, info);
    }

    // ------------------------------------------------------------------------ the transfer

    /** {@code curl_easy_perform} on this thread; see {@code Curl.perform}. */
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
            rc = NATIVE.easyPerform(state.address);
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

    /** {@code curl_easy_pause}. */
    public void pause(int bitmask) throws CurlException {
        checkOpen();
        int rc = NATIVE.easyPause(state.address, bitmask);
        if (rc != CURLE_OK) {
            throw new CurlException(rc, errorText(rc));
        }
    }

    /**
     * {@code curl_easy_reset}, keeping the connection cache; callbacks, lists, share and facts are
     * dropped, and the fixed options and default trust set again as on a new handle.
     */
    public void reset() {
        checkOpen();
        checkNotInTransfer("reset()");
        if (multi != null) {
            throw new IllegalStateException("remove the handle from its CurlMulti before reset()");
        }
        NATIVE.easyReset(state.address);
        options.afterReset();
    }

    /**
     * {@code curl_easy_duphandle}: a new handle behind {@code copyFacade} with this one's options,
     * Java callbacks and facts; as in libcurl, without the share, connections or cookies.
     */
    public EasyHandle duplicate(Curl copyFacade) {
        checkOpen();
        checkNotInTransfer("duphandle()");
        if (!callbacks.mimeReaders.isEmpty()) {
            // libcurl would copy the parts with their read functions' userdata: this handle's id.
            throw new IllegalStateException("a handle with streamed mime parts cannot be duplicated");
        }
        long copyAddress = NATIVE.easyDuphandle(state.address);
        if (copyAddress == 0) {
            throw new OutOfMemoryError("curl_easy_duphandle failed");
        }
        EasyHandle copy = new EasyHandle(copyFacade, copyAddress, callbacks.copy());
        options.copyInto(copy.options);
        return copy;
    }

    /** The error buffer's text, or libcurl's description of {@code code} when it is empty. */
    public String errorText(int code) {
        String text = state.errorText();
        return text.isEmpty() ? NATIVE.easyStrerror(code) : text;
    }

    /** The error buffer's text of the last failed transfer. */
    public String errstr() {
        checkOpen();
        return state.errorText();
    }

    /**
     * Fills up to {@code capacity} bytes at {@code address} from streamed mime part {@code part}'s
     * read function (for the loop's transfer target); returns as a read callback does.
     */
    public long mimeRead(int part, long address, long capacity) {
        return callbacks.onMimeRead(part, address, capacity);
    }

    /** The first exception a Java callback threw during the last transfer, if any; clears it. */
    public Throwable takeCallbackFailure() {
        return callbacks.takeFailure();
    }

    public boolean isClosed() {
        return closed;
    }

    /** Frees the handle, removing it from its multi first. Idempotent. */
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
        options.afterClose();
    }

    long address() {
        return state.address;
    }

    /** The native {@code CURL*}, for the binding's own tests and measurements; never free or keep it. */
    public long nativeAddress() {
        checkOpen();
        return state.address;
    }

    long id() {
        return state.id;
    }

    /** Java callbacks, the target while run by {@link #perform()} or a pycurl-style multi. */
    CallbackTarget javaCallbacks() {
        return callbacks;
    }

    private void checkNotInTransfer(String what) {
        if (performing || (multi != null && multi.performing)) {
            throw new IllegalStateException(what + " cannot be called from inside a libcurl callback");
        }
    }

    /** Refuses a closed handle, and a loop-owned one from another thread (when checks are on). */
    public void checkOpen() {
        if (closed) {
            throw new IllegalStateException("this Curl handle is closed");
        }
        if (ThreadChecks.ENABLED && owner != null && owner != Thread.currentThread()) {
            throw new IllegalStateException("libcurl call on a handle owned by " + owner.getName() + " from "
                    + Thread.currentThread().getName());
        }
    }

    // ------------------------------------------------------------------ for the event loop

    /** The public handle this object is behind. */
    public Curl facade() {
        return facade;
    }

    /** Whether the handle is in a multi. */
    public boolean inMulti() {
        return multi != null;
    }

    /** Makes every libcurl call on this handle from another thread fail (when checks are on); null frees it. */
    public void confineTo(Thread thread) {
        owner = thread;
    }
}
