package dev.curlmulti.core.loop;

import dev.curlmulti.core.CurlLockData;
import dev.curlmulti.core.CurlShare;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * N {@link CurlEventLoop}s sharing one DNS cache and TLS session cache (a {@link CurlShare}).
 * A transfer goes to the loop chosen by its host, so one host's connections are reused inside one
 * multi handle (libcurl's connection cache is per multi).
 *
 * <p>A loop that {@linkplain CurlEventLoop#failed() failed} (its transfers ended with
 * {@link EventLoopClosedException}) is replaced by a new one of the same name the next time it is
 * chosen ({@link #loopFor}, {@link #replaceIfFailed}), so the group keeps serving.
 *
 * <p><b>Threading:</b> safe from any thread. <b>Ownership:</b> the group owns its loops and share;
 * {@link #close()} closes the loops (ending their transfers) and then frees the share.
 */
public final class CurlEventLoopGroup implements AutoCloseable {
    /** The current loops; replaced whole (copy on write) when a failed loop is replaced. */
    private volatile List<CurlEventLoop> loops;

    private final CurlShare share;
    private final LoopConfig config;
    private boolean closed; // guarded by this

    /** One loop, no connection limits. */
    public CurlEventLoopGroup() {
        this(1, LoopConfig.DEFAULT, "curl-loop");
    }

    /**
     * @param loopCount  number of loops (threads), at least 1
     * @param config     applied to every loop's multi handle
     * @param namePrefix loop threads are named {@code prefix-0}, {@code prefix-1}, ...
     */
    public CurlEventLoopGroup(int loopCount, LoopConfig config, String namePrefix) {
        if (loopCount < 1) {
            throw new IllegalArgumentException("a group needs at least one loop: " + loopCount);
        }
        this.config = config;
        share = new CurlShare();
        share.share(CurlLockData.DNS);
        share.share(CurlLockData.SSL_SESSION);
        List<CurlEventLoop> created = new ArrayList<>(loopCount);
        try {
            for (int i = 0; i < loopCount; i++) {
                created.add(new CurlEventLoop(namePrefix + "-" + i, config));
            }
        } catch (RuntimeException e) {
            created.forEach(CurlEventLoop::close);
            share.close();
            throw e;
        }
        loops = List.copyOf(created);
    }

    /** The loop for {@code host} (case-insensitive; null or empty picks the first). */
    public CurlEventLoop loopFor(String host) {
        List<CurlEventLoop> current = loops;
        CurlEventLoop loop = current.size() == 1 || host == null || host.isEmpty()
                ? current.get(0)
                : current.get(Math.floorMod(host.toLowerCase(Locale.ROOT).hashCode(), current.size()));
        return loop.failed() ? replaceIfFailed(loop) : loop;
    }

    /**
     * {@code loop} itself unless it failed; then the loop that replaces it in this group (made now,
     * with the same name and settings, if no other thread made it first). After {@link #close()} a
     * failed loop is returned as it is, and submissions to it fail with {@link EventLoopClosedException}.
     */
    public synchronized CurlEventLoop replaceIfFailed(CurlEventLoop loop) {
        List<CurlEventLoop> current = loops;
        if (closed || !loop.failed()) {
            return loop;
        }
        int index = current.indexOf(loop);
        if (index < 0) { // replaced already: its successor has its name
            return current.stream()
                    .filter(l -> l.name().equals(loop.name()))
                    .findFirst()
                    .orElse(loop);
        }
        CurlEventLoop replacement = new CurlEventLoop(loop.name(), config);
        List<CurlEventLoop> next = new ArrayList<>(current);
        next.set(index, replacement);
        loops = List.copyOf(next);
        CurlEventLoop.LOG.warn("replaced failed curl event loop {}", loop.name());
        return replacement;
    }

    /** The share to attach to handles ({@link HandlePool} does it for its handles). */
    public CurlShare share() {
        return share;
    }

    /** The loops, in order, as they are now (a failed loop is replaced in its place). */
    public List<CurlEventLoop> loops() {
        return loops;
    }

    /** Transfers in flight across all loops. */
    public int inFlight() {
        return loops.stream().mapToInt(CurlEventLoop::inFlight).sum();
    }

    /** Closes every loop, then the share. Idempotent. */
    @Override
    public void close() {
        synchronized (this) {
            closed = true;
        }
        loops.forEach(CurlEventLoop::close);
        share.close();
    }

    /** Lets in-flight transfers finish for up to {@code timeout}, then closes. */
    public boolean closeGracefully(Duration timeout) {
        synchronized (this) {
            closed = true;
        }
        long deadline = System.nanoTime() + timeout.toNanos();
        boolean drained = true;
        for (CurlEventLoop loop : loops) {
            long left = Math.max(0, deadline - System.nanoTime());
            drained &= loop.closeGracefully(Duration.ofNanos(left));
        }
        share.close();
        return drained;
    }
}
