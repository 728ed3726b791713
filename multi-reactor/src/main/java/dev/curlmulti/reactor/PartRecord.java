package dev.curlmulti.reactor;

import dev.curlmulti.core.loop.TransferHead;
import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import java.util.Objects;

/**
 * What a single-stream part file is a piece of, recorded beside it ({@code target.part.validators})
 * when its first response arrives, before any body byte is written: the complete length, the
 * validators and whether a content coding was applied. Only a part file with a record can be
 * continued, and only with {@code If-Range}, so a file that changed on the server between two
 * attempts is fetched whole instead of spliced from two versions.
 *
 * <p>The record is written only for bodies of at least {@link #MIN_RECORDED_BYTES} (or of unknown
 * length): a bulk download of thousands of small files must not pay a write and a rename per file,
 * and a small part file that has no record is simply fetched again from zero.
 *
 * <p>A line-based text file versioned by its first line, like {@link SegmentRecord}; it is replaced
 * through a temporary file and an atomic rename, so a kill leaves the record whole or absent. A
 * record that cannot be read counts as none. Immutable; the static methods do blocking file I/O.
 *
 * @param length       the file's complete length, -1 when the head did not tell
 * @param validators   the ETag and Last-Modified of the version the part file holds
 * @param coded        the body had a content coding: the part file holds decoded bytes while a
 *                     range counts coded ones, so it can never be continued
 */
record PartRecord(long length, Validators validators, boolean coded) {
    /**
     * Bodies below this are not recorded: refetching at most 256 KiB costs a few milliseconds on
     * most links, while a record costs a file creation, a write and a rename for every file of a
     * bulk download (more file system work than the whole body of a 4 KiB file).
     */
    static final long MIN_RECORDED_BYTES = 256 * 1024;

    private static final String HEADER = "curl-multi part 1";

    PartRecord {
        Objects.requireNonNull(validators, "validators");
    }

    /** The record file of the part file of {@code target}. */
    static Path of(Path target) {
        return target.resolveSibling(target.getFileName() + ".part.validators");
    }

    /**
     * The record of a fresh response's head (a {@code 200}, or a {@code 206} from byte 0), or null
     * when it is not worth writing: a small body, or no validator an {@code If-Range} could carry.
     */
    static PartRecord ofFreshHead(TransferHead head) {
        Validators validators = DownloadHead.validators(head, null);
        if (validators == null || SegmentHeads.ifRange(validators) == null) {
            return null;
        }
        long length = head.status() == 206 ? DownloadHead.completeLength(head) : contentLength(head);
        if (length >= 0 && length < MIN_RECORDED_BYTES) {
            return null;
        }
        boolean coded = !DownloadHead.identityCoded(head);
        return new PartRecord(coded ? -1 : length, validators, coded);
    }

    /** The {@code If-Range} value of this version, or null when it cannot be continued. */
    String ifRange() {
        return coded ? null : SegmentHeads.ifRange(validators);
    }

    /** Whether {@code head} describes the recorded version: the same validators, the same length when both tell. */
    boolean sameVersion(TransferHead head, long completeLength) {
        boolean lengthFits = length < 0 || completeLength == length;
        return lengthFits && DownloadHead.identityCoded(head) && validators.equals(DownloadHead.validators(head, null));
    }

    /**
     * Whether a {@code 416} may say the part file is whole: validators it carries are the recorded
     * ones (a server sends a {@code 416} to {@code If-Range} only when the condition held, and
     * need not repeat the validators there).
     */
    boolean allows416(TransferHead head) {
        Validators sent = DownloadHead.validators(head, null);
        return sent == null || sent.equals(validators);
    }

    /** Replaces the record beside the part file of {@code target}. */
    void write(Path target) throws IOException {
        StringBuilder text = RecordFile.start(HEADER);
        RecordFile.line(text, "length", length);
        RecordFile.line(text, "coded", coded);
        RecordFile.replace(of(target), RecordFile.validators(text, validators));
    }

    /** The record beside the part file of {@code target}, or null when there is none or it cannot be read. */
    static PartRecord read(Path target) {
        try {
            List<String> lines = RecordFile.body(of(target), HEADER);
            if (lines == null) {
                return null;
            }
            long length = -1;
            Boolean coded = null;
            for (String line : lines) {
                if (RecordFile.value(line, "length") != null) {
                    length = Long.parseLong(RecordFile.value(line, "length"));
                } else if (RecordFile.value(line, "coded") != null) {
                    coded = Boolean.parseBoolean(RecordFile.value(line, "coded"));
                } else if (RecordFile.value(line, "etag") == null
                        && RecordFile.value(line, "last-modified") == null
                        && !line.isEmpty()) {
                    return null;
                }
            }
            Validators validators = RecordFile.validators(lines);
            return coded == null || validators == null ? null : new PartRecord(length, validators, coded);
        } catch (IOException | RuntimeException e) {
            // A damaged record only costs a fresh start.
            return null;
        }
    }

    /** Deletes the record beside the part file of {@code target}, if there is one. */
    static void delete(Path target) throws IOException {
        RecordFile.delete(of(target));
    }

    private static long contentLength(TransferHead head) {
        String value = head.headers().first("Content-Length");
        if (value == null) {
            return -1;
        }
        try {
            return Long.parseLong(value.trim());
        } catch (NumberFormatException e) {
            return -1;
        }
    }
}
