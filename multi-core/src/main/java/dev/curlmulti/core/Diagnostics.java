package dev.curlmulti.core;

import dev.curlmulti.core.internal.CallbackRegistry;
import dev.curlmulti.core.internal.CostProbe;
import dev.curlmulti.core.internal.HeaderWalkProbe;
import dev.curlmulti.core.internal.Internals;
import dev.curlmulti.core.internal.NativeBinding;
import dev.curlmulti.core.internal.NativeResources;
import java.util.List;
import java.util.Optional;
import java.util.function.LongSupplier;

/**
 * Figures about curl-multi itself, for measurement programs, soak runs and support: how many
 * native objects and callback ids are alive, how many {@code curl_easy_setopt} calls were made, and
 * micro-measurements of the native binding in use. Applications do not need it; nothing here
 * changes what a handle does.
 *
 * <p><b>Threading:</b> the counters may be read from any thread at any time; they are cheap reads
 * of counters kept anyway, and a sum over kinds may mix moments. A {@link Probe} runs on the
 * caller's thread, and a probe of a handle needs the handle to be idle and used by no other
 * thread. Methods that cross into native code load libcurl first, as the first handle would
 * ({@link CurlVersion#current()}).
 */
public final class Diagnostics {
    private Diagnostics() {}

    /**
     * One micro-measurement: {@code batch} makes many crossings of one kind and returns how many, so
     * the caller can time it and divide. Immutable; the batch may be run any number of times.
     *
     * @param name  what is crossed, for example {@code direct call (curl_multi_timeout)}
     * @param batch runs one batch on the calling thread; returns the number of crossings made
     */
    public record Probe(String name, LongSupplier batch) {}

    /** Easy, multi and share handles and string lists alive right now (not yet freed), all kinds together. */
    public static long liveNativeObjects() {
        return NativeResources.liveTotal();
    }

    /** Callback ids handed out and not yet returned (each open easy handle holds one). */
    public static long callbackIds() {
        return CallbackRegistry.allocatedCount();
    }

    /** {@code curl_easy_setopt} calls made since the JVM started, by every handle and pool. */
    public static long setoptCalls() {
        return NativeResources.setoptCalls();
    }

    /**
     * The binding's own crossings (a plain call, a variadic {@code curl_easy_setopt}, a callback of
     * the kind it uses, ...), as the binding chose them; {@link CurlVersion#binding()} names the binding.
     */
    public static List<Probe> nativeCallProbes() {
        return NativeBinding.get().costProbes().stream().map(Diagnostics::probe).toList();
    }

    /**
     * Walks {@code easy}'s last response head with libcurl's header API ({@code curl_easy_nextheader}),
     * reading every name and value, {@code walks} times per batch (the batch returns {@code walks}).
     *
     * @return empty when the loaded libcurl has no header API (before 7.84)
     * @throws IllegalStateException when {@code easy} is closed (when the batch runs)
     */
    public static Optional<Probe> headerWalkProbe(Curl easy, int walks) {
        return HeaderWalkProbe.of(Internals.easy(easy), walks).map(Diagnostics::probe);
    }

    private static Probe probe(CostProbe probe) {
        return new Probe(probe.name(), probe.batch());
    }
}
