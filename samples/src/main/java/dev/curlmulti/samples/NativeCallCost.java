package dev.curlmulti.samples;

import com.sun.jna.Callback;
import com.sun.jna.Library;
import com.sun.jna.Memory;
import com.sun.jna.Native;
import com.sun.jna.NativeLibrary;
import com.sun.jna.NativeLong;
import com.sun.jna.Platform;
import com.sun.jna.Pointer;
import dev.curlmulti.core.Curl;
import dev.curlmulti.core.CurlOpt;
import dev.curlmulti.core.CurlVersion;
import dev.curlmulti.core.internal.jna.LibCurl;
import dev.curlmulti.core.internal.jna.LibCurlFixedArity;
import dev.curlmulti.core.internal.jna.LibCurlVarargs;

import java.util.Arrays;

/**
 * Measures what one crossing into or out of native code costs with the binding's choices:
 * a direct-mapped call, a true-varargs {@code curl_easy_setopt}, {@link Curl#setopt} with its
 * checks, and a direct-mode callback with {@code long} arguments next to a conventional one.
 * Callbacks are timed through libc's {@code qsort}, whose comparator is called from C many times.
 *
 * <pre>bin/sample NativeCallCost</pre>
 *
 * Uses internal classes on purpose: it measures the binding itself. Prints the median of 7 runs.
 */
public final class NativeCallCost {
    private static final int CALLS = 2_000_000;
    private static final int RUNS = 7;

    private NativeCallCost() {
    }

    public static void main(String[] args) {
        System.out.println("libcurl " + CurlVersion.current().version() + ", JNA " + Native.VERSION + ", Java "
                + Runtime.version() + ", " + Runtime.getRuntime().availableProcessors() + " cores");
        long multi = LibCurl.curl_multi_init();
        Memory out = new Memory(8);
        long outAddress = Pointer.nativeValue(out);
        report("direct call (curl_multi_timeout)", CALLS, () -> {
            for (int i = 0; i < CALLS; i++) {
                LibCurl.curl_multi_timeout(multi, outAddress);
            }
        });
        LibCurl.curl_multi_cleanup(multi);

        try (Curl curl = new Curl()) {
            long easy = LibCurl.curl_easy_init();
            int timeoutMs = CurlOpt.TIMEOUT_MS.code();
            NativeLong value = new NativeLong(5000);
            report("varargs curl_easy_setopt (long)", CALLS / 4, () -> {
                for (int i = 0; i < CALLS / 4; i++) {
                    LibCurlVarargs.INSTANCE.curl_easy_setopt(easy, timeoutMs, value);
                }
            });
            int url = CurlOpt.URL.code();
            report("varargs curl_easy_setopt (String)", CALLS / 4, () -> {
                for (int i = 0; i < CALLS / 4; i++) {
                    LibCurlVarargs.INSTANCE.curl_easy_setopt(easy, url, "http://127.0.0.1:8080/x");
                }
            });
            if (LibCurlFixedArity.AVAILABLE) {
                report("fixed-arity curl_easy_setopt (long)", CALLS, () -> {
                    for (int i = 0; i < CALLS; i++) {
                        LibCurlFixedArity.curl_easy_setopt(easy, timeoutMs, 5000L);
                    }
                });
            }
            report("Curl.setopt(TIMEOUT_MS, long) with checks", CALLS / 4, () -> {
                for (int i = 0; i < CALLS / 4; i++) {
                    curl.setopt(CurlOpt.TIMEOUT_MS, 5000L);
                }
            });
            LibCurl.curl_easy_cleanup(easy);
        }

        int elements = 100_000;
        Memory array = new Memory(elements * 8L);
        DirectQsort.Comparator direct = new DirectQsort.Comparator();
        long[] calls = new long[1];
        report("direct-mode callback, long args", () -> {
            direct.calls = 0;
            DirectQsort.qsort(Pointer.nativeValue(array), elements, 8, direct);
            calls[0] = direct.calls;
            return calls[0];
        });
        InterfaceQsort.PointerComparator conventional = new InterfaceQsort.PointerComparator();
        report("conventional callback, Pointer args", () -> {
            conventional.calls = 0;
            InterfaceQsort.C.qsort(array, elements, 8, conventional);
            return conventional.calls;
        });
    }

    private static void report(String name, int calls, Runnable body) {
        report(name, () -> {
            body.run();
            return calls;
        });
    }

    private static void report(String name, java.util.function.LongSupplier body) {
        for (int warm = 0; warm < 3; warm++) {
            body.getAsLong();
        }
        double[] perCall = new double[RUNS];
        for (int run = 0; run < RUNS; run++) {
            long start = System.nanoTime();
            long calls = body.getAsLong();
            perCall[run] = (System.nanoTime() - start) / (double) calls;
        }
        Arrays.sort(perCall);
        System.out.printf("%-45s %8.1f ns/call (min %.1f, max %.1f)%n", name, perCall[RUNS / 2], perCall[0],
                perCall[RUNS - 1]);
    }

    /** qsort bound directly: JNA makes its comparator a direct-mode callback, as the binding's are. */
    static final class DirectQsort {
        static {
            Native.register(DirectQsort.class, NativeLibrary.getInstance(Platform.C_LIBRARY_NAME));
        }

        static native void qsort(long base, long count, long size, Callback comparator);

        public interface LongComparator extends Callback {
            int invoke(long a, long b);
        }

        static final class Comparator implements LongComparator {
            long calls;

            @Override
            public int invoke(long a, long b) {
                calls++;
                return Long.compare(a, b);
            }
        }
    }

    /** qsort through an interface: a conventional (reflective) callback. */
    static final class InterfaceQsort {
        interface LibC extends Library {
            void qsort(Pointer base, long count, long size, Callback comparator);
        }

        static final LibC C = Native.load(Platform.C_LIBRARY_NAME, LibC.class);

        public interface PointerComparatorCallback extends Callback {
            int invoke(Pointer a, Pointer b);
        }

        static final class PointerComparator implements PointerComparatorCallback {
            long calls;

            @Override
            public int invoke(Pointer a, Pointer b) {
                calls++;
                return Long.compare(Pointer.nativeValue(a), Pointer.nativeValue(b));
            }
        }
    }
}
