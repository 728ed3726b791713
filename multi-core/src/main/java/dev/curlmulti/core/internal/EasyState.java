package dev.curlmulti.core.internal;

import dev.curlmulti.core.CurlOpt;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.EnumMap;
import java.util.Map;

/**
 * Everything native that one easy handle owns, and the one action that frees it: the handle, its
 * error buffer and getinfo out-parameter (one allocation), its scratch buffer for C strings, the
 * string lists and mime structures it points at and its use of a share. It is the {@link java.lang.ref.Cleaner} action
 * of a {@code Curl}, so it must not reference the {@code Curl} or its {@link EasyHandle}. Freed
 * exactly once, in libcurl's order: remove from the multi, clean the easy handle, then release the
 * lists and the share.
 */
final class EasyState implements Runnable {
    static final int ERROR_SIZE = 256;
    private static final NativeBinding NATIVE = NativeBinding.get();

    final long id;
    /** Error buffer ({@value #ERROR_SIZE} bytes), then 8 bytes for getinfo's out-parameter. */
    final long buffers;

    final long errorBuffer;
    final long infoOut;
    final ByteBuffer infoView;
    private final ByteBuffer errorView;
    private final Map<CurlOpt, Slist> lists = new EnumMap<>(CurlOpt.class);
    /** The mime structures made for this handle and not yet freed. */
    private final java.util.List<MimeMemory> mimes = new java.util.ArrayList<>();

    long address;
    MultiState multi;
    ShareState share;
    /** C-string scratch: libcurl copies string options, so one buffer serves every call. */
    long scratch;

    long scratchSize;
    /** The bytes staged for {@link #scratch}, so each string is one copy into native memory. */
    private byte[] staged = new byte[256];

    EasyState(long address) {
        this.address = address;
        this.id = CallbackRegistry.allocate();
        this.buffers = NATIVE.malloc(ERROR_SIZE + 8);
        this.errorBuffer = buffers;
        this.infoOut = buffers + ERROR_SIZE;
        this.errorView = NATIVE.view(errorBuffer, ERROR_SIZE);
        this.infoView = NATIVE.view(infoOut, 8);
        errorView.put(0, (byte) 0);
        NativeResources.easyCreated();
    }

    /** Keeps {@code list} alive for as long as libcurl may read it for {@code option}. */
    void holdList(CurlOpt option, Slist list) {
        Slist previous = list == null ? lists.remove(option) : lists.put(option, list);
        if (previous != null) {
            previous.release();
        }
    }

    /** Keeps {@code mime} until {@link #freeMimes()} (reset, close) or its own early free. */
    void holdMime(MimeMemory mime) {
        synchronized (NativeOwnership.FREE_LOCK) {
            mimes.removeIf(m -> m.address() == 0);
            mimes.add(mime);
        }
    }

    /**
     * Frees every mime made for this handle. Called while the easy handle is still allocated and
     * outside any transfer: {@code curl_mime_free} unbinds a mime from the handle that posts it.
     */
    void freeMimes() {
        synchronized (NativeOwnership.FREE_LOCK) {
            mimes.forEach(MimeMemory::free);
            mimes.clear();
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

    /** {@code bytes} as a NUL-terminated C string in the scratch buffer (valid until the next call). */
    long cString(byte[] bytes) {
        if (scratchSize < bytes.length + 1L) {
            long size = Math.max(bytes.length + 1L, Math.max(256, scratchSize * 2));
            NATIVE.free(scratch);
            scratch = 0;
            scratch = NATIVE.malloc(size);
            scratchSize = size;
        }
        if (staged.length < bytes.length + 1) {
            staged = new byte[(int) scratchSize];
        }
        System.arraycopy(bytes, 0, staged, 0, bytes.length);
        staged[bytes.length] = 0;
        NATIVE.write(scratch, staged, 0, bytes.length + 1);
        return scratch;
    }

    String errorText() {
        int length = 0;
        while (length < ERROR_SIZE && errorView.get(length) != 0) {
            length++;
        }
        byte[] text = new byte[length];
        errorView.get(0, text);
        return new String(text, StandardCharsets.UTF_8);
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
            // Before the handle: freeing a mime unbinds it from the handle that posts it.
            freeMimes();
            NATIVE.easyCleanup(address);
            address = 0;
            NativeResources.easyFreed();
            releaseLists();
            if (share != null) {
                share.userGone();
                share = null;
            }
            NATIVE.free(buffers);
            NATIVE.free(scratch);
            scratch = 0;
            CallbackRegistry.release(id);
        }
    }
}
