package dev.curlmulti.core.testing;

import dev.curlmulti.core.Curl;
import dev.curlmulti.core.CurlMulti;
import dev.curlmulti.core.CurlShare;

/**
 * Run in a JVM of its own by {@code MissingLibcurlTest}: creates each kind of handle twice and
 * prints, one line each, what creating it threw.
 */
public final class TryHandles {
    private TryHandles() {}

    public static void main(String[] args) {
        for (int round = 0; round < 2; round++) {
            attempt("Curl", Curl::new);
            attempt("CurlMulti", CurlMulti::new);
            attempt("CurlShare", CurlShare::new);
        }
    }

    private static void attempt(String what, java.util.function.Supplier<AutoCloseable> create) {
        try (AutoCloseable handle = create.get()) {
            System.out.println(what + ": created");
        } catch (Throwable e) {
            System.out.println(what + ": " + e.getClass().getName() + ": "
                    + String.valueOf(e.getMessage()).replace('\n', ' '));
        }
    }
}
