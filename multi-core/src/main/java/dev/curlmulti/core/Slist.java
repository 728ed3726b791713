package dev.curlmulti.core;

import dev.curlmulti.core.internal.jna.LibCurl;
import dev.curlmulti.core.internal.jna.NativeResources;

import java.nio.charset.StandardCharsets;
import java.util.List;

/**
 * A native {@code struct curl_slist}, which libcurl uses without copying. Reference counted
 * because {@code curl_easy_duphandle} makes the copy point at the same list: the list is freed
 * when the last easy handle that points at it has been cleaned up. Guarded by
 * {@link NativeOwnership#FREE_LOCK}.
 */
final class Slist {
    final long address;
    private int references = 1;

    private Slist(long address) {
        this.address = address;
    }

    static Slist of(List<String> values) {
        long head = 0;
        for (String value : values) {
            if (value == null) {
                throw new IllegalArgumentException("a string list may not contain null");
            }
            byte[] bytes = value.getBytes(StandardCharsets.UTF_8);
            byte[] terminated = new byte[bytes.length + 1];
            System.arraycopy(bytes, 0, terminated, 0, bytes.length);
            for (byte b : bytes) {
                if (b == 0) {
                    LibCurl.curl_slist_free_all(head);
                    throw new IllegalArgumentException("a string list entry may not contain NUL: " + value);
                }
            }
            long next = LibCurl.curl_slist_append(head, terminated);
            if (next == 0) {
                LibCurl.curl_slist_free_all(head);
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

    void retain() {
        synchronized (NativeOwnership.FREE_LOCK) {
            references++;
        }
    }

    void release() {
        synchronized (NativeOwnership.FREE_LOCK) {
            if (--references == 0) {
                LibCurl.curl_slist_free_all(address);
                NativeResources.slistFreed();
            }
        }
    }
}
