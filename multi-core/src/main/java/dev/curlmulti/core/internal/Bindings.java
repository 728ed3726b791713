package dev.curlmulti.core.internal;

/** Chooses the process's {@link NativeBinding} once, on first use. */
final class Bindings {
    static final NativeBinding INSTANCE = new dev.curlmulti.core.internal.jna.JnaBinding();

    private Bindings() {
    }
}
