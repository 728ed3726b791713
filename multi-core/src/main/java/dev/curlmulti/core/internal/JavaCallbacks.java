package dev.curlmulti.core.internal;

import dev.curlmulti.core.DebugFunction;
import dev.curlmulti.core.ProgressFunction;
import dev.curlmulti.core.ReadFunction;
import dev.curlmulti.core.WriteFunction;
import java.nio.ByteBuffer;

/**
 * The Java callbacks set on one {@code Curl} through {@code setopt}, adapted to the native
 * {@link CallbackTarget} contract. Records the first exception a callback throws so that
 * {@code perform} and {@code infoRead} can report it instead of a generic write error.
 * Confined to the thread that drives the handle.
 */
final class JavaCallbacks implements CallbackTarget {
    private static final NativeBinding NATIVE = NativeBinding.get();

    WriteFunction write;
    WriteFunction header;
    ReadFunction read;
    ProgressFunction progress;
    DebugFunction debug;
    /** The read functions of this handle's streamed mime parts, by part number; dropped at reset. */
    final java.util.ArrayList<ReadFunction> mimeReaders = new java.util.ArrayList<>();

    private byte[] readBuffer = new byte[0];
    private Throwable failure;

    JavaCallbacks copy() {
        JavaCallbacks copy = new JavaCallbacks();
        copy.write = write;
        copy.header = header;
        copy.read = read;
        copy.progress = progress;
        copy.debug = debug;
        return copy;
    }

    /** Drops every function (after {@code curl_easy_reset}). */
    void clear() {
        write = null;
        header = null;
        read = null;
        progress = null;
        debug = null;
        mimeReaders.clear();
    }

    /** The exception a callback threw during the last transfer, if any; clears it. */
    Throwable takeFailure() {
        Throwable taken = failure;
        failure = null;
        return taken;
    }

    @Override
    public long onWrite(long address, long length) {
        return deliver(write, address, length);
    }

    @Override
    public long onHeader(long address, long length) {
        return deliver(header, address, length);
    }

    private static long deliver(WriteFunction function, long address, long length) {
        if (function == null) {
            return length;
        }
        ByteBuffer view = NATIVE.view(address, length).asReadOnlyBuffer();
        int taken;
        try {
            taken = function.write(view);
        } catch (RuntimeException | Error e) {
            throw e;
        } catch (Exception e) {
            throw new CallbackException(e);
        }
        if (taken == CallbackCodes.WRITE_PAUSE) {
            return CallbackCodes.WRITE_PAUSE;
        }
        // Any other value that is not the full length makes libcurl fail with CURLE_WRITE_ERROR.
        return taken < 0 ? CallbackCodes.WRITE_ERROR : taken;
    }

    @Override
    public long onRead(long address, long capacity) {
        return read == null ? 0 : readFrom(read, address, capacity);
    }

    @Override
    public long onMimeRead(int part, long address, long capacity) {
        ReadFunction reader = part >= 0 && part < mimeReaders.size() ? mimeReaders.get(part) : null;
        return reader == null ? CallbackCodes.READ_ABORT : readFrom(reader, address, capacity);
    }

    private long readFrom(ReadFunction read, long address, long capacity) {
        int length = (int) Math.min(capacity, Integer.MAX_VALUE);
        if (readBuffer.length < length) {
            readBuffer = new byte[length];
        }
        int count;
        try {
            count = read.read(readBuffer, 0, length);
        } catch (RuntimeException | Error e) {
            throw e;
        } catch (Exception e) {
            throw new CallbackException(e);
        }
        if (count == CallbackCodes.READ_PAUSE || count == CallbackCodes.READ_ABORT) {
            return count;
        }
        if (count <= 0) {
            return 0;
        }
        if (count > length) {
            throw new IllegalStateException(
                    "read function returned " + count + " bytes for a " + length + "-byte buffer");
        }
        NATIVE.write(address, readBuffer, 0, count);
        return count;
    }

    @Override
    public int onProgress(long downloadTotal, long downloadNow, long uploadTotal, long uploadNow) {
        if (progress == null) {
            return 0;
        }
        int result = progress.progress(downloadTotal, downloadNow, uploadTotal, uploadNow);
        return result == CallbackCodes.PROGRESS_CONTINUE ? 0 : result;
    }

    @Override
    public void onDebug(int type, long address, long length) {
        if (debug != null) {
            debug.debug(type, NATIVE.view(address, length).asReadOnlyBuffer());
        }
    }

    @Override
    public void callbackFailed(Throwable error) {
        Throwable cause = error instanceof CallbackException ? error.getCause() : error;
        if (failure == null) {
            failure = cause;
        } else if (failure != cause) {
            failure.addSuppressed(cause);
        }
    }

    /** Carries a checked exception out of a callback to {@link #callbackFailed}. */
    private static final class CallbackException extends RuntimeException {
        private static final long serialVersionUID = 1L;

        CallbackException(Exception cause) {
            super(cause);
        }
    }
}
