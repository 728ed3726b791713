package dev.curlmulti.core.internal;

import dev.curlmulti.core.Curl;
import java.util.Objects;
import java.util.function.Function;

/**
 * The one way from outside {@code dev.curlmulti.core} (the event loop, pools) to the internal
 * object behind a public handle. {@link Curl} hands over its accessor once, when its class is
 * initialised; nothing else can set it.
 */
public final class Internals {
    private static volatile Function<Curl, EasyHandle> easyAccess;

    private Internals() {}

    /** Called once by {@code Curl}'s static initialiser. */
    public static void provideEasyAccess(Function<Curl, EasyHandle> access) {
        synchronized (Internals.class) {
            if (easyAccess != null) {
                throw new IllegalStateException("the easy-handle accessor is already set");
            }
            easyAccess = Objects.requireNonNull(access);
        }
    }

    /** The internal handle behind {@code curl}. */
    public static EasyHandle easy(Curl curl) {
        return easyAccess.apply(curl);
    }
}
