package dev.curlmulti.reactor;

import dev.curlmulti.core.loop.TransferHead;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * How one file is split over several connections: its complete length, the validators every part
 * must match (so two versions are never spliced), and each part's byte range with how much of it
 * is on disk. The plan's parts are the mutable progress of one download attempt.
 *
 * <p><b>Threading:</b> each {@link Part}'s count is written by its own transfer on the loop thread
 * (a volatile field) and read from any thread when the progress record is written.
 *
 * @param length     the complete length of the file in bytes
 * @param validators the ETag / Last-Modified every part's response must carry (never null)
 * @param parts      the parts in file order, covering {@code [0, length)} without gaps
 */
record SegmentPlan(long length, Validators validators, List<Part> parts) {
    SegmentPlan {
        Objects.requireNonNull(validators, "validators");
        parts = List.copyOf(parts);
    }

    /**
     * The plan for a first answer to {@code Range: bytes=0-}, or null when the file must stay one
     * stream: not a {@code 206} for the whole file, no usable validator, a content coding (ranges of
     * encoded bytes), or too small for two parts of {@code minSegmentBytes}.
     */
    static SegmentPlan fromFirstAnswer(TransferHead head, int segments, long minSegmentBytes, long sizeLimit) {
        if (head.status() != 206 || !SegmentHeads.identity(head)) {
            return null;
        }
        long[] range = SegmentHeads.contentRange(head);
        Validators validators = SegmentHeads.validators(head);
        if (range == null || range[0] != 0 || range[1] != range[2] - 1 || validators == null) {
            return null;
        }
        long length = range[2];
        if (SegmentHeads.ifRange(validators) == null
                || length / minSegmentBytes < 2
                || (sizeLimit >= 0 && length > sizeLimit)) {
            return null;
        }
        int count = (int) Math.min(segments, length / minSegmentBytes);
        return split(length, validators, count);
    }

    /** {@code count} parts of nearly equal size; the last takes the remainder. */
    static SegmentPlan split(long length, Validators validators, int count) {
        List<Part> parts = new ArrayList<>(count);
        long size = length / count;
        for (int i = 0; i < count; i++) {
            long start = i * size;
            long end = i == count - 1 ? length - 1 : start + size - 1;
            parts.add(new Part(i, start, end, 0));
        }
        return new SegmentPlan(length, validators, parts);
    }

    /** Bytes of the file on disk (summed over the parts). */
    long written() {
        long sum = 0;
        for (Part part : parts) {
            sum += part.written;
        }
        return sum;
    }

    /** Whether every part is whole. */
    boolean complete() {
        return parts.stream().allMatch(Part::complete);
    }

    /**
     * One byte range of the file, {@code start} to {@code end} inclusive, of which the first
     * {@code written} bytes are on disk. Written only by its own transfer, on the loop thread.
     */
    static final class Part {
        final int index;
        final long start;
        final long end;
        volatile long written;

        Part(int index, long start, long end, long written) {
            if (start < 0 || end < start || written < 0 || written > end - start + 1) {
                throw new IllegalArgumentException("bad part " + start + "-" + end + " with " + written);
            }
            this.index = index;
            this.start = start;
            this.end = end;
            this.written = written;
        }

        long size() {
            return end - start + 1;
        }

        /** The next byte to fetch. */
        long next() {
            return start + written;
        }

        boolean complete() {
            return written == size();
        }

        /** The {@code CURLOPT_RANGE} value for the rest of this part. */
        String range() {
            return next() + "-" + end;
        }
    }
}
