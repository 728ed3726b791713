package dev.curlmulti.reactor;

import dev.curlmulti.core.loop.TransferHead;
import java.io.IOException;
import java.nio.file.Path;

/**
 * One single-stream download's side of the {@link PartRecord} beside its part file: whether the
 * kept part file may be continued (and as which version), the record written when a fresh body's
 * head arrives, and its removal before the part file goes. Made on the caller's thread, then used
 * on the download's loop thread only; not thread-safe.
 */
final class PartVersion {
    private final Path target;
    private final boolean resume;
    /** The version the kept part file holds, when this attempt continues it; else null. */
    private final PartRecord kept;
    /** A record may exist beside the part file (kept, or written at the head). */
    private boolean recorded;

    private PartVersion(Path target, boolean resume, PartRecord kept) {
        this.target = target;
        this.resume = resume;
        this.kept = kept;
        this.recorded = kept != null;
    }

    /**
     * The version of a part file of {@code existing} bytes (0 when there is none to continue). A
     * part file without a usable record (none, a coded body, more bytes than recorded) is not
     * continued, and a record left beside it is deleted: nothing proves the bytes are the server's.
     * Blocking file I/O (a lookup, and a read when there is a part file).
     */
    static PartVersion open(Path target, boolean resume, long existing) throws IOException {
        PartRecord record = existing > 0 ? PartRecord.read(target) : null;
        if (record == null || record.ifRange() == null || (record.length() >= 0 && existing > record.length())) {
            PartRecord.delete(target);
            return new PartVersion(target, resume, null);
        }
        return new PartVersion(target, resume, record);
    }

    /** Whether the kept part file may be continued. */
    boolean continues() {
        return kept != null;
    }

    /** {@code request} with {@code If-Range} naming the kept version, when the part file is continued. */
    CurlRequest request(CurlRequest request) {
        return kept == null
                ? request
                : request.newBuilder().header("If-Range", kept.ifRange()).build();
    }

    /** Whether a {@code 416} to the request for the bytes from {@code kept} says the part file is whole. */
    boolean wholeOn416(TransferHead head, long keptBytes) {
        return kept != null
                && kept.length() == keptBytes
                && DownloadHead.completeLength(head) == keptBytes
                && kept.allows416(head);
    }

    /** Why a {@code 206} continuing the part file is not of the kept version, or null when it is. */
    String mismatch(TransferHead head) {
        if (kept.sameVersion(head, DownloadHead.completeLength(head))) {
            return null;
        }
        return "the server's file is not the part file's version: " + kept + ", the server sent "
                + head.headers().first("Content-Range") + " " + DownloadHead.validators(head, null)
                + (DownloadHead.identityCoded(head) ? "" : " with a content coding");
    }

    /**
     * Records the version a fresh body (a {@code 200}, or a {@code 206} from byte 0) is of, before
     * its first byte reaches the part file; a body not worth recording drops a record written
     * before. A small write and rename on the loop thread, once per large file.
     */
    void recordFresh(TransferHead head) throws IOException {
        boolean fromStart = head.status() == 200 || (head.status() == 206 && DownloadHead.rangeStart(head) == 0);
        if (!resume || !fromStart) {
            return;
        }
        PartRecord fresh = PartRecord.ofFreshHead(head);
        if (fresh != null) {
            fresh.write(target);
            recorded = true;
        } else {
            drop();
        }
    }

    /** Deletes the record, when there may be one; call it before the part file goes, so a kill between leaves none. */
    void drop() throws IOException {
        if (recorded) {
            PartRecord.delete(target);
            recorded = false;
        }
    }
}
