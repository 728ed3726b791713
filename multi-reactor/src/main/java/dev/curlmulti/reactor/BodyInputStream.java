package dev.curlmulti.reactor;

import reactor.core.Exceptions;
import reactor.core.publisher.Flux;

import java.io.IOException;
import java.io.InputStream;
import java.io.InterruptedIOException;
import java.nio.ByteBuffer;
import java.util.Iterator;

/**
 * A blocking {@link InputStream} over a response body ({@link CurlResponse#bodyAsInputStream()}):
 * reads take chunks from Reactor's blocking iterator, which keeps a few chunks requested ahead, so
 * the transfer is backpressured by the reader. A blocked reader parks its own thread (virtual
 * threads unmount); the loop thread never waits for it. Closing before the end cancels the rest of
 * the body (the transfer is aborted). An interrupted reader gets an {@link InterruptedIOException}
 * and the body is cancelled. One reader thread at a time, as for any {@code InputStream}.
 */
final class BodyInputStream extends InputStream {
    private static final int CHUNKS_AHEAD = 4;

    private final Iterator<ByteBuffer> chunks;
    private final Runnable cancel;
    private ByteBuffer current = ByteBuffer.allocate(0);
    private boolean closed;

    BodyInputStream(Flux<ByteBuffer> body, Runnable cancel) {
        this.chunks = body.toIterable(CHUNKS_AHEAD).iterator();
        this.cancel = cancel;
    }

    @Override
    public int read() throws IOException {
        return fill() ? current.get() & 0xff : -1;
    }

    @Override
    public int read(byte[] target, int offset, int length) throws IOException {
        java.util.Objects.checkFromIndexSize(offset, length, target.length);
        if (length == 0) {
            return 0;
        }
        if (!fill()) {
            return -1;
        }
        int n = Math.min(length, current.remaining());
        current.get(target, offset, n);
        return n;
    }

    @Override
    public int available() {
        return closed ? 0 : current.remaining();
    }

    /** Makes {@link #current} non-empty; false at the end of the body (or once closed). */
    private boolean fill() throws IOException {
        while (!current.hasRemaining()) {
            if (closed) {
                return false;
            }
            try {
                if (!chunks.hasNext()) {
                    return false;
                }
                current = chunks.next();
            } catch (RuntimeException e) {
                Throwable cause = Exceptions.unwrap(e);
                if (cause instanceof InterruptedException) {
                    close();
                    Thread.currentThread().interrupt();
                    throw new InterruptedIOException("interrupted while waiting for the response body");
                }
                throw cause instanceof IOException io ? io : new IOException(cause.getMessage(), cause);
            }
        }
        return true;
    }

    @Override
    public void close() {
        if (!closed) {
            closed = true;
            cancel.run();
        }
    }
}
