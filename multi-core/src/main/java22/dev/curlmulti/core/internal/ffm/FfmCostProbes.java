package dev.curlmulti.core.internal.ffm;

import dev.curlmulti.core.CurlOpt;
import dev.curlmulti.core.internal.CostProbe;
import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.lang.invoke.MethodHandle;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.MethodType;
import java.util.ArrayList;
import java.util.List;

/**
 * What one crossing costs through FFM: a downcall ({@code curl_multi_timeout}), the variadic
 * {@code curl_easy_setopt} with a long and with a C string, and an upcall (timed through libc's
 * {@code qsort}, whose comparator C calls many times).
 */
final class FfmCostProbes {
    private static final int CALLS = 2_000_000;
    private static long comparisons;

    private FfmCostProbes() {}

    static List<CostProbe> all(FfmBinding binding) {
        binding.library();
        List<CostProbe> probes = new ArrayList<>();
        probes.add(new CostProbe("downcall (curl_multi_timeout)", () -> {
            long multi = binding.multiInit();
            long out = binding.malloc(8);
            for (int i = 0; i < CALLS; i++) {
                binding.multiTimeout(multi, out);
            }
            binding.free(out);
            binding.multiCleanup(multi);
            return CALLS;
        }));
        probes.add(new CostProbe("variadic curl_easy_setopt (long)", () -> {
            long easy = binding.easyInit();
            int option = CurlOpt.TIMEOUT_MS.code();
            for (int i = 0; i < CALLS; i++) {
                binding.easySetoptLong(easy, option, 5000);
            }
            binding.easyCleanup(easy);
            return CALLS;
        }));
        probes.add(new CostProbe("variadic curl_easy_setopt (C string)", () -> {
            long easy = binding.easyInit();
            byte[] url = "http://127.0.0.1:8080/x\0".getBytes(java.nio.charset.StandardCharsets.US_ASCII);
            long text = binding.malloc(url.length);
            binding.write(text, url, 0, url.length);
            for (int i = 0; i < CALLS; i++) {
                binding.easySetoptPointer(easy, CurlOpt.URL.code(), text);
            }
            binding.free(text);
            binding.easyCleanup(easy);
            return CALLS;
        }));
        probes.add(new CostProbe("upcall (qsort comparator)", FfmCostProbes::sortWithUpcalls));
        return probes;
    }

    private static long sortWithUpcalls() {
        int elements = 100_000;
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment array = arena.allocate(elements * 8L);
            MethodHandle compare = MethodHandles.lookup()
                    .findStatic(
                            FfmCostProbes.class, "compare", MethodType.methodType(int.class, long.class, long.class));
            MemorySegment comparator = Native.LINKER.upcallStub(
                    compare, Native.returning(Native.INT, Native.POINTER, Native.POINTER), arena);
            MethodHandle qsort = Native.function(
                    LibC.C,
                    "qsort",
                    Native.returningNothing(Native.POINTER, Native.SIZE_T, Native.SIZE_T, Native.POINTER),
                    false);
            comparisons = 0;
            qsort.invokeExact(array.address(), (long) elements, 8L, comparator.address());
            return comparisons;
        } catch (Throwable e) {
            throw Native.rethrow(e);
        }
    }

    private static int compare(long a, long b) {
        comparisons++;
        return Long.compare(a, b);
    }
}
