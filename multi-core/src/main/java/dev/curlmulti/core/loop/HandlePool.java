package dev.curlmulti.core.loop;

import dev.curlmulti.core.Curl;
import dev.curlmulti.core.CurlOpt;
import dev.curlmulti.core.CurlShare;
import dev.curlmulti.core.internal.EasyOptions;
import dev.curlmulti.core.internal.Internals;
import java.util.EnumMap;
import java.util.EnumSet;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Consumer;

/**
 * Ready-configured easy handles, so a request costs few libcurl calls. Client-wide defaults are
 * set once on a template; a new handle is {@code curl_easy_duphandle} of it. A finished handle
 * comes back through {@link #release}: the options its request set are put back to libcurl's
 * defaults (a short, known list: method, headers, body, range, timeouts, redirects, progress), and it waits
 * for the next request with its connection-independent setup intact. A handle whose request set
 * anything else, or an option the template sets, is closed instead of reused.
 *
 * <p>Measured per request on a reused handle: the request's own setopt calls (a GET sets only the
 * URL) plus one reset per option it changed; a duplicated handle costs the dup plus 5 setopt calls.
 *
 * <p><b>Threading:</b> {@link #acquire} and {@link #release} are safe from any thread. An acquired
 * handle belongs to the caller until it is submitted (or closed). <b>Ownership:</b> the pool owns
 * the template and idle handles and frees them in {@link #close()}.
 */
public final class HandlePool implements AutoCloseable {
    /** The reset actions, numbered (at most 64: a pending set is one long). */
    private static final java.util.List<Consumer<Curl>> RESET_ACTIONS = new java.util.ArrayList<>();
    /** Option → the number of the action that puts it back. */
    private static final Map<CurlOpt, Integer> RESETS = new EnumMap<>(CurlOpt.class);

    static {
        reset(c -> {}, CurlOpt.URL);
        reset(c -> c.setopt(CurlOpt.CUSTOMREQUEST, (String) null), CurlOpt.CUSTOMREQUEST);
        reset(c -> c.setopt(CurlOpt.HTTPHEADER, (java.util.List<String>) null), CurlOpt.HTTPHEADER);
        reset(c -> c.setopt(CurlOpt.RANGE, (String) null), CurlOpt.RANGE);
        reset(c -> c.setopt(CurlOpt.REFERER, (String) null), CurlOpt.REFERER);
        reset(c -> c.setopt(CurlOpt.COOKIE, (String) null), CurlOpt.COOKIE);
        reset(c -> c.setopt(CurlOpt.ACCEPT_ENCODING, (String) null), CurlOpt.ACCEPT_ENCODING);
        // The method: POST data also switches libcurl to POST (without the POST option being set),
        // so every method-changing option is undone by clearing the data and forcing GET. Left
        // as POST, the next GET on this handle would send a body-less POST.
        reset(
                c -> {
                    c.setopt(CurlOpt.POSTFIELDS, (byte[]) null);
                    c.setopt(CurlOpt.UPLOAD, 0);
                    c.setopt(CurlOpt.NOBODY, 0);
                    c.setopt(CurlOpt.HTTPGET, 1);
                },
                CurlOpt.POSTFIELDS,
                CurlOpt.COPYPOSTFIELDS,
                CurlOpt.NOBODY,
                CurlOpt.POST,
                CurlOpt.UPLOAD,
                CurlOpt.HTTPGET);
        // A multipart body: clearing MIMEPOST frees the mime (and the read functions it held go at
        // the next reset); the method goes back to GET as for any other body.
        reset(
                c -> {
                    c.setopt(CurlOpt.MIMEPOST, (dev.curlmulti.core.CurlMime) null);
                    c.setopt(CurlOpt.HTTPGET, 1);
                },
                CurlOpt.MIMEPOST);
        reset(c -> c.setopt(CurlOpt.POSTFIELDSIZE_LARGE, -1), CurlOpt.POSTFIELDSIZE_LARGE, CurlOpt.POSTFIELDSIZE);
        reset(c -> c.setopt(CurlOpt.INFILESIZE_LARGE, -1), CurlOpt.INFILESIZE_LARGE, CurlOpt.INFILESIZE);
        reset(c -> c.setopt(CurlOpt.RESUME_FROM_LARGE, 0), CurlOpt.RESUME_FROM_LARGE);
        reset(c -> c.setopt(CurlOpt.TIMEOUT_MS, 0), CurlOpt.TIMEOUT_MS, CurlOpt.TIMEOUT);
        reset(c -> c.setopt(CurlOpt.CONNECTTIMEOUT_MS, 0), CurlOpt.CONNECTTIMEOUT_MS, CurlOpt.CONNECTTIMEOUT);
        reset(c -> c.setopt(CurlOpt.LOW_SPEED_LIMIT, 0), CurlOpt.LOW_SPEED_LIMIT);
        reset(c -> c.setopt(CurlOpt.LOW_SPEED_TIME, 0), CurlOpt.LOW_SPEED_TIME);
        reset(c -> c.setopt(CurlOpt.FOLLOWLOCATION, 0), CurlOpt.FOLLOWLOCATION);
        reset(c -> c.setopt(CurlOpt.MAXREDIRS, -1), CurlOpt.MAXREDIRS);
        reset(c -> c.setopt(CurlOpt.EXPECT_100_TIMEOUT_MS, 1000), CurlOpt.EXPECT_100_TIMEOUT_MS);
        reset(c -> c.setopt(CurlOpt.MAXFILESIZE_LARGE, 0), CurlOpt.MAXFILESIZE_LARGE);
        reset(c -> c.setopt(CurlOpt.HTTP_VERSION, 0), CurlOpt.HTTP_VERSION);
        // The client's alt-svc and HSTS cache files: the same for every request of the client, kept.
        reset(c -> {}, CurlOpt.ALTSVC, CurlOpt.HSTS);
        // A transfer that asked for progress: the callback off and NOPROGRESS back on.
        reset(
                c -> c.setopt(CurlOpt.XFERINFOFUNCTION, (dev.curlmulti.core.ProgressFunction) null),
                CurlOpt.XFERINFOFUNCTION,
                CurlOpt.XFERINFODATA,
                CurlOpt.NOPROGRESS);
    }

    private final Curl template;
    private final CurlShare share;
    private final EnumSet<CurlOpt> templateOptions;
    /** Idle handles, most recently used first (its connection-independent state is warm); guarded by itself. */
    private final java.util.ArrayDeque<Curl> idle = new java.util.ArrayDeque<>();

    private final AtomicInteger idleCount = new AtomicInteger();
    private final int maxIdle;
    private volatile boolean closed;

    /** What the pool's handles do besides their transfers. */
    public enum Feature {
        /** Count the sockets libcurl opens and closes in the running loop's {@link LoopStats}. */
        COUNT_SOCKETS,
        /** libcurl's debug stream ({@code CURLOPT_VERBOSE}) to {@link TransferHandler#onDebug}. */
        DEBUG_TO_HANDLER
    }

    /** {@link #HandlePool(Consumer, CurlShare, int, Set)} without features. */
    public HandlePool(Consumer<Curl> defaults, CurlShare share, int maxIdle) {
        this(defaults, share, maxIdle, Set.of());
    }

    /**
     * @param defaults sets the client-wide options on the template (called once, here)
     * @param share    attached to every handle ({@code curl_easy_duphandle} does not copy it), or null
     * @param maxIdle  idle handles kept at most
     * @param features set on the template too, so every handle has them
     */
    public HandlePool(Consumer<Curl> defaults, CurlShare share, int maxIdle, Set<Feature> features) {
        this.share = share;
        this.maxIdle = maxIdle;
        this.template = new Curl();
        try {
            defaults.accept(template);
            Internals.easy(template).options().routeToTarget();
            if (features.contains(Feature.COUNT_SOCKETS)) {
                Internals.easy(template).options().countSockets();
            }
            if (features.contains(Feature.DEBUG_TO_HANDLER)) {
                Internals.easy(template).options().routeDebugToTarget();
            }
        } catch (RuntimeException e) {
            template.close();
            throw e;
        }
        this.templateOptions = EnumSet.noneOf(CurlOpt.class);
        templateOptions.addAll(Internals.easy(template).options().touched());
    }

    private static void reset(Consumer<Curl> action, CurlOpt... options) {
        RESET_ACTIONS.add(action);
        for (CurlOpt option : options) {
            RESETS.put(option, RESET_ACTIONS.size() - 1);
        }
    }

    /** A handle with the defaults applied, for one request. */
    public Curl acquire() {
        Curl handle;
        synchronized (idle) {
            handle = idle.pollFirst();
        }
        if (handle != null) {
            idleCount.decrementAndGet();
            return handle;
        }
        if (closed) {
            throw new IllegalStateException("the handle pool is closed");
        }
        synchronized (template) {
            handle = template.duphandle();
        }
        if (share != null) {
            handle.setopt(CurlOpt.SHARE, share);
        }
        Internals.easy(handle).options().markClean();
        return handle;
    }

    /** Takes a handle back after its transfer (typically on the loop thread); resets or closes it. */
    public void release(Curl handle) {
        Objects.requireNonNull(handle, "handle");
        if (closed || handle.isClosed() || !resetForReuse(handle)) {
            handle.close();
            return;
        }
        if (idleCount.incrementAndGet() > maxIdle) {
            idleCount.decrementAndGet();
            handle.close();
            return;
        }
        synchronized (idle) {
            idle.addFirst(handle);
        }
        if (closed) {
            drain();
        }
    }

    private boolean resetForReuse(Curl handle) {
        EasyOptions options = Internals.easy(handle).options();
        // First which actions are needed (they set options, which the set being read records),
        // then run them: no copy of the set, no collection per release.
        long pending = 0;
        for (CurlOpt option : options.touched()) {
            Integer action = RESETS.get(option);
            if (action == null || templateOptions.contains(option)) {
                return false;
            }
            pending |= 1L << action;
        }
        try {
            while (pending != 0) {
                int action = Long.numberOfTrailingZeros(pending);
                pending &= pending - 1;
                RESET_ACTIONS.get(action).accept(handle);
            }
        } catch (RuntimeException e) {
            return false;
        }
        options.markClean();
        return true;
    }

    /** Idle handles waiting for reuse. */
    public int idleCount() {
        return idleCount.get();
    }

    /** Frees the template and the idle handles; handles in use are closed when released. Idempotent. */
    @Override
    public void close() {
        if (closed) {
            return;
        }
        closed = true;
        drain();
        synchronized (template) {
            template.close();
        }
    }

    private void drain() {
        while (true) {
            Curl handle;
            synchronized (idle) {
                handle = idle.pollFirst();
            }
            if (handle == null) {
                return;
            }
            idleCount.decrementAndGet();
            handle.close();
        }
    }
}
