package dev.curlmulti.core.internal.jna;

import com.sun.jna.Callback;
import com.sun.jna.Library;
import com.sun.jna.Memory;
import com.sun.jna.Native;
import com.sun.jna.NativeLibrary;
import com.sun.jna.NativeLong;
import com.sun.jna.Platform;
import com.sun.jna.Pointer;
import dev.curlmulti.core.CurlOpt;
import dev.curlmulti.core.internal.CostProbe;
import java.util.ArrayList;
import java.util.List;

/**
 * What one crossing costs with JNA's kinds of binding: a direct-mapped call, a true-varargs
 * {@code curl_easy_setopt} (long and String), the fixed-arity setopt the binding uses where it is
 * ABI-identical, and a direct-mode callback with {@code long} arguments next to a conventional one
 * (timed through libc's {@code qsort}, whose comparator C calls many times).
 */
final class JnaCostProbes {
    private static final int CALLS = 2_000_000;

    private JnaCostProbes() {}

    static List<CostProbe> all() {
        List<CostProbe> probes = new ArrayList<>();
        probes.add(new CostProbe("direct call (curl_multi_timeout)", () -> {
            long multi = LibCurl.curl_multi_init();
            Memory out = new Memory(8);
            long outAddress = Pointer.nativeValue(out);
            for (int i = 0; i < CALLS; i++) {
                LibCurl.curl_multi_timeout(multi, outAddress);
            }
            LibCurl.curl_multi_cleanup(multi);
            return CALLS;
        }));
        int timeoutMs = CurlOpt.TIMEOUT_MS.code();
        probes.add(new CostProbe(
                "varargs curl_easy_setopt (long)",
                () -> onEasy(easy -> {
                    NativeLong value = new NativeLong(5000);
                    for (int i = 0; i < CALLS / 4; i++) {
                        LibCurlVarargs.INSTANCE.curl_easy_setopt(easy, timeoutMs, value);
                    }
                    return CALLS / 4;
                })));
        probes.add(new CostProbe(
                "varargs curl_easy_setopt (String)",
                () -> onEasy(easy -> {
                    for (int i = 0; i < CALLS / 4; i++) {
                        LibCurlVarargs.INSTANCE.curl_easy_setopt(easy, CurlOpt.URL.code(), "http://127.0.0.1:8080/x");
                    }
                    return CALLS / 4;
                })));
        if (LibCurlFixedArity.AVAILABLE) {
            probes.add(new CostProbe(
                    "fixed-arity curl_easy_setopt (long)",
                    () -> onEasy(easy -> {
                        for (int i = 0; i < CALLS; i++) {
                            LibCurlFixedArity.curl_easy_setopt(easy, timeoutMs, 5000L);
                        }
                        return CALLS;
                    })));
        }
        int elements = 100_000;
        Memory array = new Memory(elements * 8L);
        probes.add(new CostProbe("direct-mode callback, long args", () -> {
            DirectQsort.Comparator direct = new DirectQsort.Comparator();
            DirectQsort.qsort(Pointer.nativeValue(array), elements, 8, direct);
            return direct.calls;
        }));
        probes.add(new CostProbe("conventional callback, Pointer args", () -> {
            InterfaceQsort.PointerComparator conventional = new InterfaceQsort.PointerComparator();
            InterfaceQsort.C.qsort(array, elements, 8, conventional);
            return conventional.calls;
        }));
        return probes;
    }

    private static long onEasy(java.util.function.LongUnaryOperator body) {
        long easy = LibCurl.curl_easy_init();
        try {
            return body.applyAsLong(easy);
        } finally {
            LibCurl.curl_easy_cleanup(easy);
        }
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
        public interface LibC extends Library {
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
