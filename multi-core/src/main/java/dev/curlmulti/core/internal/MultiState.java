package dev.curlmulti.core.internal;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.Set;

/**
 * The native multi handle, its out-parameter memory and the easy handles added to it, freed
 * exactly once: every easy handle is removed first, then {@code curl_multi_cleanup}. The
 * {@link java.lang.ref.Cleaner} action of a {@link MultiHandle}; it does not reference it.
 */
final class MultiState implements Runnable {
    private static final NativeBinding NATIVE = NativeBinding.get();
    /** Out-parameters: int at 0, int at 8, long at 16. */
    static final int OUT_SIZE = 32;

    long address;
    final long out;
    private final Set<EasyState> attached = new LinkedHashSet<>();

    MultiState(long address) {
        this.address = address;
        this.out = NATIVE.malloc(OUT_SIZE);
        NativeResources.multiCreated();
    }

    void attach(EasyState easy) {
        synchronized (NativeOwnership.FREE_LOCK) {
            attached.add(easy);
            easy.multi = this;
        }
    }

    /** Removes {@code easy} from the native multi; returns libcurl's code. */
    int detach(EasyState easy) {
        synchronized (NativeOwnership.FREE_LOCK) {
            if (easy.multi != this) {
                return 0;
            }
            attached.remove(easy);
            easy.multi = null;
            if (address == 0 || easy.address == 0) {
                return 0;
            }
            return NATIVE.multiRemoveHandle(address, easy.address);
        }
    }

    @Override
    public void run() {
        synchronized (NativeOwnership.FREE_LOCK) {
            if (address == 0) {
                return;
            }
            for (EasyState easy : new ArrayList<>(attached)) {
                detach(easy);
            }
            NATIVE.multiCleanup(address);
            address = 0;
            NATIVE.free(out);
            NativeResources.multiFreed();
        }
    }
}
