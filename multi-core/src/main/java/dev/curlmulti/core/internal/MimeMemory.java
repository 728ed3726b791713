package dev.curlmulti.core.internal;

/**
 * One native {@code curl_mime} structure, as its easy handle's {@link EasyState} keeps it: the
 * address and the one action that frees it. Holds nothing of Java's (no read functions, no handle),
 * so the cleaner of a forgotten {@code Curl} can free it. Freed under {@link NativeOwnership#FREE_LOCK}.
 */
final class MimeMemory {
    private static final NativeBinding NATIVE = NativeBinding.get();

    private long address;

    MimeMemory(long address) {
        this.address = address;
        NativeResources.mimeCreated();
    }

    /** The {@code curl_mime*}, or 0 once freed. */
    long address() {
        return address;
    }

    /**
     * {@code curl_mime_free}, once: it also unbinds the mime from the easy handle that uses it, so
     * it must run while that handle is still allocated and not inside a transfer.
     */
    void free() {
        synchronized (NativeOwnership.FREE_LOCK) {
            if (address != 0) {
                NATIVE.mimeFree(address);
                address = 0;
                NativeResources.mimeFreed();
            }
        }
    }
}
