package dev.curlmulti.reactor;

import dev.curlmulti.core.loop.Transfer;
import dev.curlmulti.core.loop.TransferHandler;
import dev.curlmulti.core.loop.TransferHead;
import dev.curlmulti.core.loop.TransferResult;
import java.nio.ByteBuffer;

/**
 * A {@link TransferHandler} that passes every event to another one: the base for handlers that
 * watch a transfer on the way (counting it, learning from its head) and override only the events
 * they care about. Loop-thread only, like the handler it wraps.
 */
abstract class ForwardingTransferHandler implements TransferHandler {
    final TransferHandler inner;

    ForwardingTransferHandler(TransferHandler inner) {
        this.inner = inner;
    }

    @Override
    public void onStart(Transfer transfer) {
        inner.onStart(transfer);
    }

    @Override
    public void onRequestSent() {
        inner.onRequestSent();
    }

    @Override
    public void onHead(TransferHead head) {
        inner.onHead(head);
    }

    @Override
    public void onHeaderLine(int bytes, boolean trailer) {
        inner.onHeaderLine(bytes, trailer);
    }

    @Override
    public boolean onData(ByteBuffer chunk) {
        return inner.onData(chunk);
    }

    @Override
    public void onComplete(TransferResult result) {
        inner.onComplete(result);
    }

    @Override
    public void onError(Throwable error) {
        inner.onError(error);
    }

    @Override
    public void onDebug(int type, ByteBuffer data) {
        inner.onDebug(type, data);
    }

    @Override
    public boolean wantsTimings() {
        return inner.wantsTimings();
    }

    @Override
    public boolean wantsProgress() {
        return inner.wantsProgress();
    }

    @Override
    public void onProgress(long downloadTotal, long downloaded, long uploadTotal, long uploaded) {
        inner.onProgress(downloadTotal, downloaded, uploadTotal, uploaded);
    }
}
