package dev.curlmulti.core;

import com.sun.jna.Memory;
import dev.curlmulti.core.internal.jna.CallbackRegistry;
import dev.curlmulti.core.internal.jna.LibCurl;
import dev.curlmulti.core.internal.jna.NativeResources;

import java.util.EnumMap;
import java.util.Map;

/**
 * Everything native that one easy handle owns, and the one action that frees it. It is the
 * {@link java.lang.ref.Cleaner} action of a {@link Curl}, so it must not reference the
 * {@code Curl} itself. Freed exactly once, in libcurl's order: remove from the multi, clean the
 * easy handle, then release the lists and the share it pointed at.
 */
final class EasyState implements Runnable {
    static final int ERROR_SIZE = 256;

    final long id;
    final Memory errorBuffer = new Memory(ERROR_SIZE);
    private final Map<CurlOpt, Slist> lists = new EnumMap<>(CurlOpt.class);
    long address;
    MultiState multi;
    ShareState share;

    EasyState(long address) {
        this.address = address;
        this.id = CallbackRegistry.allocate();
        errorBuffer.setByte(0, (byte) 0);
        NativeResources.easyCreated();
    }

    /** Keeps {@code list} alive for as long as libcurl may read it for {@code option}. */
    void holdList(CurlOpt option, Slist list) {
        Slist previous = list == null ? lists.remove(option) : lists.put(option, list);
        if (previous != null) {
            previous.release();
        }
    }

    /** A duplicate handle points at the same lists: they now have one more user. */
    void shareListsWith(EasyState copy) {
        synchronized (NativeOwnership.FREE_LOCK) {
            lists.forEach((option, list) -> {
                list.retain();
                copy.lists.put(option, list);
            });
        }
    }

    /** After {@code curl_easy_reset} no option points at a list any more. */
    void releaseLists() {
        lists.values().forEach(Slist::release);
        lists.clear();
    }

    String errorText() {
        return errorBuffer.getString(0, "UTF-8");
    }

    boolean isFreed() {
        return address == 0;
    }

    @Override
    public void run() {
        synchronized (NativeOwnership.FREE_LOCK) {
            if (address == 0) {
                return;
            }
            if (multi != null) {
                multi.detach(this);
            }
            LibCurl.curl_easy_cleanup(address);
            address = 0;
            NativeResources.easyFreed();
            releaseLists();
            if (share != null) {
                share.userGone();
                share = null;
            }
            CallbackRegistry.release(id);
        }
    }
}
