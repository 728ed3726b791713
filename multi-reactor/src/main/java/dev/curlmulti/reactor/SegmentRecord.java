package dev.curlmulti.reactor;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * The progress record of a segmented download, beside its part file ({@code target.part.segments}):
 * the file's length and validators, and for each part its range and the bytes on disk. A rerun
 * continues each part from there. Data is written to the part file before it is counted here, so a
 * record never claims more than the disk holds; it is replaced through a temporary file and an
 * atomic rename, so a kill leaves the old record or the new one, never half of one.
 *
 * <p>A line-based text format, versioned by its first line; anything unexpected makes {@link #read}
 * return null and the download starts from zero. Stateless; the writes of one download are
 * serialized by its {@link SegmentProgress}.
 */
final class SegmentRecord {
    private static final String HEADER = "curl-multi segments 1";

    private SegmentRecord() {}

    /** The record file of the part file of {@code target}. */
    static Path of(Path target) {
        return target.resolveSibling(target.getFileName() + ".part.segments");
    }

    /** Replaces the record with {@code plan}'s progress. */
    static void write(Path record, SegmentPlan plan) throws IOException {
        StringBuilder text = RecordFile.start(HEADER);
        RecordFile.line(text, "length", plan.length());
        RecordFile.validators(text, plan.validators());
        for (SegmentPlan.Part part : plan.parts()) {
            RecordFile.line(text, "part", part.start + " " + part.end + " " + part.written);
        }
        RecordFile.replace(record, text);
    }

    /**
     * The plan in {@code record}, or null when there is none, it cannot be read, or it claims bytes
     * the part file (of {@code partBytes}) does not hold.
     */
    static SegmentPlan read(Path record, long partBytes) {
        try {
            List<String> lines = RecordFile.body(record, HEADER);
            if (lines == null) {
                return null;
            }
            long length = -1;
            List<SegmentPlan.Part> parts = new ArrayList<>();
            for (String line : lines) {
                String part = RecordFile.value(line, "part");
                if (RecordFile.value(line, "length") != null) {
                    length = Long.parseLong(RecordFile.value(line, "length"));
                } else if (part != null) {
                    String[] numbers = part.split(" ");
                    parts.add(new SegmentPlan.Part(
                            parts.size(),
                            Long.parseLong(numbers[0]),
                            Long.parseLong(numbers[1]),
                            Long.parseLong(numbers[2])));
                } else if (RecordFile.value(line, "etag") == null
                        && RecordFile.value(line, "last-modified") == null
                        && !line.isEmpty()) {
                    return null;
                }
            }
            SegmentPlan plan = new SegmentPlan(length, RecordFile.validators(lines), parts);
            return covers(plan) && holds(plan, partBytes) ? plan : null;
        } catch (IOException | RuntimeException e) {
            // A damaged record only costs a fresh start.
            return null;
        }
    }

    /** The parts tile {@code [0, length)} in order. */
    private static boolean covers(SegmentPlan plan) {
        long next = 0;
        for (SegmentPlan.Part part : plan.parts()) {
            if (part.start != next) {
                return false;
            }
            next = part.end + 1;
        }
        return !plan.parts().isEmpty() && next == plan.length();
    }

    /** Every byte the record counts is inside the part file. */
    private static boolean holds(SegmentPlan plan, long partBytes) {
        for (SegmentPlan.Part part : plan.parts()) {
            if (part.written > 0 && part.next() > partBytes) {
                return false;
            }
        }
        return true;
    }

    /** Deletes the record (and a temporary one a kill may have left). */
    static void delete(Path record) throws IOException {
        RecordFile.delete(record);
    }
}
