package dev.curlmulti.core.internal;

import java.nio.charset.StandardCharsets;
import java.util.List;

/**
 * A native {@code struct curl_slist}, which libcurl uses without copying. Reference counted
 * because {@code curl_easy_duphandle} makes the copy point at the same list: the list is freed
 * when the last easy handle that points at it has been cleaned up. Guarded by
 * {@link NativeOwnership#FREE_LOCK}.
 */
final class Slist {
    private static final NativeBinding NATIVE = NativeBinding.get();

    final long address;
    private int references = 1;

    private Slist(long address) {
        this.address = address;
    }

    /** The list of {@code values}, or null for none. */
    static Slist of(List<String> values) {
        long head = 0;
        for (String value : values) {
            if (value == null) {
                NATIVE.slistFreeAll(head);
                throw new IllegalArgumentException("a string list may not contain null");
            }
            byte[] bytes = value.getBytes(StandardCharsets.UTF_8);
            byte[] terminated = new byte[bytes.length + 1];
            System.arraycopy(bytes, 0, terminated, 0, bytes.length);
            for (byte b : bytes) {
                if (b == 0) {
                    NATIVE.slistFreeAll(head);
                    throw new IllegalArgumentException("a string list entry may not contain NUL: " + value);
                }
            }
            long next = NATIVE.slistAppend(head, terminated);
            if (next == 0) {
                NATIVE.slistFreeAll(head);
                throw new OutOfMemoryError("curl_slist_append failed");
            }
            head = next;
        }
        if (head == 0) {
            return null;
        }
        NativeResources.slistCreated();
        return new Slist(head);
    }

    /** Reads a list libcurl returned ({@code struct curl_slist { char *data; curl_slist *next; }}) and frees it. */
    static List<String> readAndFree(long head) {
        java.util.ArrayList<String> values = new java.util.ArrayList<>();
        for (long node = head; node != 0; ) {
            java.nio.ByteBuffer fields = NATIVE.view(node, 16);
            values.add(NATIVE.utf8String(fields.getLong(0)));
            node = fields.getLong(8);
        }
        NATIVE.slistFreeAll(head);
        return java.util.Collections.unmodifiableList(values);
    }

    void retain() {
        synchronized (NativeOwnership.FREE_LOCK) {
            references++;
        }
    }

    void release() {
        synchronized (NativeOwnership.FREE_LOCK) {
            if (--references == 0) {
                NATIVE.slistFreeAll(address);
                NativeResources.slistFreed();
            }
        }
    }
}
