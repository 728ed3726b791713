package dev.curlmulti.bench;

import java.nio.file.Path;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import jdk.jfr.consumer.RecordedEvent;
import jdk.jfr.consumer.RecordedFrame;
import jdk.jfr.consumer.RecordedStackTrace;
import jdk.jfr.consumer.RecordingFile;

/**
 * Where the time went in a worker's flight recording ({@code bin/bench --jfr=true} writes one per
 * client): the methods most often on top of the CPU samples (self time), and most often anywhere
 * on the stack (total time), as percentages of samples, plus the top allocation sites.
 *
 * <pre>
 * java -cp ... dev.curlmulti.bench.JfrTop multi-bench/target/bench-logs/curl-flux-unpinned.jfr [20] [thread-prefix]
 * </pre>
 */
public final class JfrTop {
    private JfrTop() {}

    public static void main(String[] args) throws Exception {
        int top = args.length > 1 ? Integer.parseInt(args[1]) : 20;
        String threadPrefix = args.length > 2 ? args[2] : "";
        Map<String, Integer> self = new HashMap<>();
        Map<String, Integer> total = new HashMap<>();
        Map<String, Long> allocations = new HashMap<>();
        int samples = 0;
        long allocated = 0;
        for (RecordedEvent event : RecordingFile.readAllEvents(Path.of(args[0]))) {
            String type = event.getEventType().getName();
            RecordedStackTrace stack = event.getStackTrace();
            if (stack == null || stack.getFrames().isEmpty()) {
                continue;
            }
            jdk.jfr.consumer.RecordedThread recorded =
                    event.hasField("sampledThread") ? event.getThread("sampledThread") : event.getThread();
            String thread = recorded == null ? "" : recorded.getJavaName();
            if (thread == null || !thread.startsWith(threadPrefix)) {
                continue;
            }
            List<RecordedFrame> frames = stack.getFrames();
            if (type.equals("jdk.ExecutionSample") || type.equals("jdk.NativeMethodSample")) {
                samples++;
                self.merge(name(frames.get(0)), 1, Integer::sum);
                Set<String> seen = new HashSet<>();
                for (RecordedFrame frame : frames) {
                    if (seen.add(name(frame))) {
                        total.merge(name(frame), 1, Integer::sum);
                    }
                }
            } else if (type.equals("jdk.ObjectAllocationSample")) {
                long weight = event.getLong("weight");
                allocated += weight;
                String site =
                        frames.size() > 1 ? name(frames.get(0)) + " <- " + name(frames.get(1)) : name(frames.get(0));
                allocations.merge(event.getClass("objectClass").getName() + " @ " + site, weight, Long::sum);
            }
        }
        System.out.printf("%d CPU samples%n%nself:%n", samples);
        print(self, samples, top);
        System.out.printf("%ntotal (on the stack):%n");
        print(total, samples, top);
        System.out.printf("%nallocation (sampled weight):%n");
        long all = allocated;
        allocations.entrySet().stream()
                .sorted(Map.Entry.<String, Long>comparingByValue().reversed())
                .limit(top)
                .forEach(e -> System.out.printf("%6.1f%%  %s%n", 100.0 * e.getValue() / Math.max(1, all), e.getKey()));
    }

    private static void print(Map<String, Integer> counts, int samples, int top) {
        counts.entrySet().stream()
                .sorted(Map.Entry.<String, Integer>comparingByValue().reversed())
                .limit(top)
                .forEach(e ->
                        System.out.printf("%6.1f%%  %s%n", 100.0 * e.getValue() / Math.max(1, samples), e.getKey()));
    }

    private static String name(RecordedFrame frame) {
        return frame.getMethod().getType().getName() + "." + frame.getMethod().getName();
    }
}
