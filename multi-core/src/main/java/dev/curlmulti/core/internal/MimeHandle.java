package dev.curlmulti.core.internal;

import dev.curlmulti.core.CurlCodes;
import dev.curlmulti.core.ReadFunction;
import java.nio.charset.StandardCharsets;
import java.util.List;

/**
 * The internal object behind a {@code CurlMime}: one {@code curl_mime} made for one easy handle,
 * and the calls that build its parts. Every call checks that the handle is open (and, when
 * confined, on its thread) and that the mime was not freed.
 *
 * <p><b>Ownership:</b> the native structure is kept by the easy handle's {@link EasyState} and
 * freed when the handle is reset or closed (the cleaner too), or when the handle's
 * {@code MIMEPOST} is set to another mime or to null while this one is set: never while libcurl
 * may still read it. A streamed part's read function is kept by the handle's Java callbacks (not
 * by the native state), so a forgotten handle can still be collected.
 */
public final class MimeHandle {
    private static final NativeBinding NATIVE = NativeBinding.get();
    /** {@code CURLE_OK}. */
    private static final int OK = 0;

    private final EasyHandle owner;
    private final MimeMemory memory;
    /** The numbers of this mime's part read functions in the handle's list. */
    private final java.util.List<Integer> readerNumbers = new java.util.ArrayList<>();

    private MimeHandle(EasyHandle owner, MimeMemory memory) {
        this.owner = owner;
        this.memory = memory;
    }

    /** {@code curl_mime_init} for {@code owner}. */
    public static MimeHandle create(EasyHandle owner) {
        owner.checkOpen();
        long address = NATIVE.mimeInit(owner.address());
        if (address == 0) {
            throw new OutOfMemoryError("curl_mime_init failed");
        }
        MimeMemory memory = new MimeMemory(address);
        owner.state.holdMime(memory);
        return new MimeHandle(owner, memory);
    }

    /** The easy handle this mime was made for, the only one that may post it. */
    public EasyHandle owner() {
        return owner;
    }

    /** The {@code curl_mime*}; throws once it was freed. */
    long address() {
        check();
        return memory.address();
    }

    /** Frees the native structure and drops its parts' read functions (a pooled handle lives on). */
    void free() {
        memory.free();
        java.util.ArrayList<ReadFunction> readers = owner.callbacks.mimeReaders;
        for (int number : readerNumbers) {
            if (number < readers.size()) {
                readers.set(number, null);
            }
        }
        readerNumbers.clear();
        while (!readers.isEmpty() && readers.get(readers.size() - 1) == null) {
            readers.remove(readers.size() - 1);
        }
    }

    /** Whether the native structure was freed (its handle reset, closed, or given another mime). */
    public boolean isFreed() {
        return memory.address() == 0;
    }

    /** {@code curl_mime_addpart}: the new part's address, valid while this mime is. */
    public long addPart() {
        long part = NATIVE.mimeAddpart(address());
        if (part == 0) {
            throw new OutOfMemoryError("curl_mime_addpart failed");
        }
        return part;
    }

    public void name(long part, String name) {
        check(NATIVE.mimeName(part, cString("name", name)), "curl_mime_name");
    }

    public void filename(long part, String filename) {
        check(NATIVE.mimeFilename(part, cString("filename", filename)), "curl_mime_filename");
    }

    public void type(long part, String type) {
        check(NATIVE.mimeType(part, cString("type", type)), "curl_mime_type");
    }

    /** The part's content: these bytes, copied by libcurl. */
    public void data(long part, byte[] data) {
        address();
        check(NATIVE.mimeData(part, data, data.length), "curl_mime_data");
    }

    /** The part's content: the file at {@code path}, opened and read by libcurl as it sends it. */
    public void fileData(long part, String path) {
        check(NATIVE.mimeFiledata(part, cString("file path", path)), "curl_mime_filedata");
    }

    /**
     * The part's content: pulled from {@code read} as libcurl sends it ({@code size} bytes, -1 when
     * unknown). {@code read} runs on the thread that drives the transfer.
     */
    public void dataCallback(long part, long size, ReadFunction read) {
        address();
        JavaCallbacks callbacks = owner.callbacks;
        callbacks.mimeReaders.add(read);
        int number = callbacks.mimeReaders.size() - 1;
        readerNumbers.add(number);
        check(
                NATIVE.mimeDataCb(part, size, NATIVE.callbackAddress(CallbackKind.MIME_READ), readerArg(number)),
                "curl_mime_data_cb");
    }

    /** The part's own header lines ({@code Name: value}); libcurl takes the list. */
    public void headers(long part, List<String> lines) {
        address();
        Slist list = Slist.of(lines);
        if (list == null) {
            return;
        }
        // libcurl owns the list from here (take_ownership), even when the call fails.
        int rc = NATIVE.mimeHeaders(part, list.address, true);
        NativeResources.slistFreed();
        check(rc, "curl_mime_headers");
    }

    /** The userdata of part reader {@code number}: the handle's callback id, and the number plus one above it. */
    private long readerArg(int number) {
        return ((number + 1L) << 32) | owner.id();
    }

    private void check() {
        owner.checkOpen();
        if (memory.address() == 0) {
            throw new IllegalStateException("this CurlMime was freed (its Curl was reset or closed, or posts another)");
        }
    }

    private static void check(int rc, String function) {
        if (rc != OK) {
            throw new IllegalArgumentException(
                    function + " failed: " + CurlCodes.easyName(rc) + ": " + NATIVE.easyStrerror(rc));
        }
    }

    private byte[] cString(String what, String value) {
        check();
        byte[] bytes = value.getBytes(StandardCharsets.UTF_8);
        byte[] terminated = new byte[bytes.length + 1];
        System.arraycopy(bytes, 0, terminated, 0, bytes.length);
        for (byte b : bytes) {
            if (b == 0) {
                throw new IllegalArgumentException("a mime part's " + what + " may not contain NUL");
            }
        }
        return terminated;
    }
}
