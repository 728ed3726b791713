package dev.curlmulti.core;

import dev.curlmulti.core.internal.jna.LibCurl;
import dev.curlmulti.core.internal.jna.NativeResources;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.Set;

/**
 * The native multi handle and the easy handles added to it, freed exactly once: every easy
 * handle is removed first, then {@code curl_multi_cleanup}. The {@link java.lang.ref.Cleaner}
 * action of a {@link CurlMulti}; it does not reference the {@code CurlMulti}.
 */
final class MultiState implements Runnable {
    long address;
    private final Set<EasyState> attached = new LinkedHashSet<>();

    MultiState(long address) {
        this.address = address;
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
            return LibCurl.curl_multi_remove_handle(address, easy.address);
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
            LibCurl.curl_multi_cleanup(address);
            address = 0;
            NativeResources.multiFreed();
        }
    }
}
