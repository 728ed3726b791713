package dev.curlmulti.samples;

import dev.curlmulti.core.Curl;
import dev.curlmulti.core.CurlOpt;
import dev.curlmulti.core.CurlVersion;
import dev.curlmulti.core.Diagnostics;
import java.util.Arrays;
import java.util.function.LongSupplier;

/**
 * Measures what one crossing into or out of native code costs with the binding in use: its own
 * probes (a direct call, a true-varargs {@code curl_easy_setopt}, the fixed-arity setopt, a
 * callback of the kind the binding uses next to a conventional one), then {@link Curl#setopt} with
 * its checks.
 *
 * <pre>bin/sample NativeCallCost</pre>
 *
 * The binding's probes come from {@link Diagnostics#nativeCallProbes()}. Prints the median of 7 runs.
 */
public final class NativeCallCost {
    private static final int RUNS = 7;

    private NativeCallCost() {}

    public static void main(String[] args) {
        CurlVersion version = CurlVersion.current();
        System.out.println("libcurl " + version.version() + ", " + version.binding() + ", Java " + Runtime.version()
                + ", " + Runtime.getRuntime().availableProcessors() + " cores");
        for (Diagnostics.Probe probe : Diagnostics.nativeCallProbes()) {
            report(probe.name(), probe.batch());
        }
        try (Curl curl = new Curl()) {
            int calls = 500_000;
            report("Curl.setopt(TIMEOUT_MS, long) with checks", () -> {
                for (int i = 0; i < calls; i++) {
                    curl.setopt(CurlOpt.TIMEOUT_MS, 5000L);
                }
                return calls;
            });
        }
    }

    private static void report(String name, LongSupplier batch) {
        for (int warm = 0; warm < 3; warm++) {
            batch.getAsLong();
        }
        double[] perCall = new double[RUNS];
        for (int run = 0; run < RUNS; run++) {
            long start = System.nanoTime();
            long calls = batch.getAsLong();
            perCall[run] = (System.nanoTime() - start) / (double) calls;
        }
        Arrays.sort(perCall);
        System.out.printf(
                "%-45s %8.1f ns/call (min %.1f, max %.1f)%n", name, perCall[RUNS / 2], perCall[0], perCall[RUNS - 1]);
    }
}
