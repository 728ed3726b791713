package dev.curlmulti.reactor;

import dev.curlmulti.core.Curl;
import dev.curlmulti.core.CurlMime;
import dev.curlmulti.core.CurlMimePart;
import dev.curlmulti.core.CurlOpt;
import dev.curlmulti.core.ReadFunction;
import dev.curlmulti.core.loop.Transfer;
import dev.curlmulti.core.loop.TransferHandler;
import dev.curlmulti.core.loop.TransferResult;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Puts a {@link MultipartBody} on a handle as a libcurl mime ({@code MIMEPOST}) and runs its
 * publisher parts: one {@link UploadBridge} each, read by the part's read function on the loop
 * thread (no buffer ready: the transfer pauses; the next buffer resumes it), stopped when the
 * transfer ends. The mime belongs to the handle, which frees it when the pool resets it or it is
 * closed. Built on the subscriber's thread before the transfer starts; then loop thread only.
 */
final class MultipartUploads {
    private final List<UploadBridge> bridges = new ArrayList<>();

    private MultipartUploads() {}

    /** Posts {@code body} from {@code c}; what streams its publisher parts. */
    static MultipartUploads apply(Curl c, MultipartBody body) {
        MultipartUploads uploads = new MultipartUploads();
        CurlMime mime = new CurlMime(c);
        for (MultipartBody.Part part : body.parts()) {
            CurlMimePart mimePart = mime.addPart().name(part.name());
            if (part.bytes() != null) {
                mimePart.data(part.bytes());
            } else if (part.file() != null) {
                mimePart.fileData(part.file());
            } else {
                UploadBridge bridge = new UploadBridge(part.publisher());
                uploads.bridges.add(bridge);
                mimePart.dataCallback(part.length(), new PartReader(bridge, part.length()));
            }
            if (part.filename() != null) {
                mimePart.filename(part.filename());
            }
            if (part.contentType() != null) {
                mimePart.type(part.contentType());
            }
            if (!part.headers().isEmpty()) {
                List<String> lines = new ArrayList<>(part.headers().size());
                for (Map.Entry<String, String> header : part.headers()) {
                    lines.add(header.getKey() + ": " + header.getValue());
                }
                mimePart.headers(lines);
            }
        }
        c.setopt(CurlOpt.MIMEPOST, mime);
        return uploads;
    }

    /** Whether a part streams from a publisher. */
    boolean streams() {
        return !bridges.isEmpty();
    }

    /** The transfer a publisher part resumes when a buffer arrives, and cancels with its error. */
    void attach(Transfer transfer) {
        bridges.forEach(bridge -> bridge.attach(transfer));
    }

    /** {@code inner}, with the publishers stopped when the transfer ends, before {@code inner} hears of it. */
    TransferHandler watching(TransferHandler inner) {
        if (bridges.isEmpty()) {
            return inner;
        }
        return new ForwardingTransferHandler(inner) {
            @Override
            public void onComplete(TransferResult result) {
                stop();
                super.onComplete(result);
            }

            @Override
            public void onError(Throwable error) {
                stop();
                super.onError(error);
            }
        };
    }

    private void stop() {
        bridges.forEach(UploadBridge::cancel);
    }

    /**
     * A publisher part as libcurl's read function: bytes, a pause when none is ready, 0 at the end.
     * Checks a known length: a publisher that sends more or fewer bytes fails the transfer rather
     * than send a body whose parts do not add up to what libcurl announced.
     */
    private static final class PartReader implements ReadFunction {
        private final UploadBridge bridge;
        private final long length;
        private long sent;

        PartReader(UploadBridge bridge, long length) {
            this.bridge = bridge;
            this.length = length;
        }

        @Override
        public int read(byte[] buffer, int offset, int max) {
            int n = bridge.read(ByteBuffer.wrap(buffer, offset, max));
            if (n > 0) {
                sent += n;
                if (length >= 0 && sent > length) {
                    throw new IllegalStateException(
                            "a multipart publisher part sent more than its declared " + length + " bytes");
                }
                return n;
            }
            if (n == 0) {
                return Curl.READFUNC_PAUSE;
            }
            if (length >= 0 && sent != length) {
                throw new IllegalStateException(
                        "a multipart publisher part ended after " + sent + " of its declared " + length + " bytes");
            }
            return 0;
        }
    }
}
