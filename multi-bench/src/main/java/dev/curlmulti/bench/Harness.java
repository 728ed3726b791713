package dev.curlmulti.bench;

import dev.curlmulti.bench.clients.Libraries;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.stream.Stream;

/**
 * What the runs of one report section share (options, server, the section's JDK and mode, the
 * clients' launch prefix, the results), and the three things they do with it: start a worker on
 * the section's JDK, warm one up, and measure one client once. A failure is recorded in the
 * results and logged, never thrown: one broken client must not end a half-hour run.
 */
final class Harness {
    final BenchOptions options;
    final BenchServer server;
    final Section section;
    final List<String> clientPrefix;
    final Results results;

    Harness(BenchOptions options, BenchServer server, Section section, List<String> clientPrefix, Results results) {
        this.options = options;
        this.server = server;
        this.section = section;
        this.clientPrefix = clientPrefix;
        this.results = results;
    }

    /**
     * Starts {@code contender}'s worker on the section's JDK and its libcurl; the first worker of a
     * section also says which native binding this JDK gives our clients. Null (failure recorded) if it
     * did not start.
     *
     * @param tag what tells this worker's log and recording apart (for example its receive buffer), or ""
     */
    WorkerProcess startWorker(Contender contender, String tag, int receiveBuffer) {
        String name = contender.fileName() + (tag.isEmpty() ? "" : "-" + tag) + "-jdk"
                + section.jdk().feature();
        WorkerProcess worker = null;
        try {
            worker = new WorkerProcess(
                    contender,
                    section.jdk(),
                    server.caPem(),
                    clientPrefix,
                    options.logs().resolve(name + ".log"),
                    recording(name + "-" + section.mode()),
                    receiveBuffer);
            if (!results.knowsBinding(section)) {
                recordBinding(worker);
            }
            recordVersions(worker);
            return worker;
        } catch (IOException e) {
            if (worker != null) {
                worker.close();
            }
            failed(contender.label() + " worker", e);
            return null;
        }
    }

    /**
     * Asks the worker which binding our clients get in a JVM on this JDK with these flags. A worker
     * that cannot tell (the binding fails to load) still serves the peers; our clients will fail.
     */
    private void recordBinding(WorkerProcess worker) {
        try {
            String[] info = worker.call("info");
            results.binding(section, info[0], String.join(" ", Arrays.copyOfRange(info, 1, info.length)));
        } catch (IOException e) {
            results.binding(section, null, "the worker's info failed: " + e.getMessage());
        }
    }

    /** Asks the worker which library versions it loaded: the report names them per client. */
    private void recordVersions(WorkerProcess worker) {
        try {
            results.versions(section, worker.client, Libraries.parse(worker.call("versions")));
        } catch (IOException e) {
            failed(worker.client + " versions", e);
        }
    }

    /** With {@code --jfr=true}, each worker JVM records a profile next to its log. */
    private Path recording(String name) {
        return options.jfr() ? options.logs().resolve(name + ".jfr").toAbsolutePath() : null;
    }

    /** Runs {@code workload}'s requests in the worker for about {@code seconds} (at least once). */
    void warm(WorkerProcess worker, Workload workload, double seconds) {
        double scale = options.scale();
        try {
            worker.call("warm %s %s %d %d %s"
                    .formatted(
                            server.url(workload),
                            seconds,
                            Math.max(1, workload.requests(scale) / 10),
                            workload.concurrency(scale),
                            workload.http2));
        } catch (IOException e) {
            failed(workload.letter() + " warm-up " + worker.client, e);
        }
    }

    /** One timed run of {@code contender} on {@code workload}; null (failure recorded) if it failed. */
    Results.Run measure(Workload workload, Contender contender, WorkerProcess worker, int receiveBuffer) {
        String client = contender.client();
        String label = contender.label();
        String url = server.url(workload);
        int requests = workload.requests(options.scale());
        int concurrency = workload.concurrency(options.scale());
        try {
            if (client.equals("wrk")) {
                double[] r = ExternalRunners.runWrk(clientPrefix, url, concurrency, options.wrkSeconds());
                return new Results.Run(section, workload, label, workload.measuresBytes() ? r[1] : r[0], -1, -1, -1);
            }
            Sample sample;
            if (client.equals("c") || client.equals("c-file")) {
                sample = runC(contender, url, requests, concurrency, workload.http2, receiveBuffer);
            } else if (worker == null) {
                throw new IOException("no worker (it did not start)");
            } else {
                sample = Sample.fromWorker(
                        worker.call("fetch %s %d %d %s".formatted(url, requests, concurrency, workload.http2)));
            }
            checkBytes(workload, label, sample.bytes(), requests);
            return new Results.Run(
                    section,
                    workload,
                    label,
                    rate(workload, requests, sample),
                    sample.peakRssKib(),
                    sample.allocatedPerUnit(workload, requests),
                    sample.cpuMicrosPerUnit(workload, requests));
        } catch (Exception e) {
            failed(workload.letter() + " " + label, e);
            return null;
        }
    }

    private Sample runC(
            Contender contender, String url, int requests, int concurrency, boolean http2, int receiveBuffer)
            throws IOException, InterruptedException {
        Path binary = contender.libcurl().cBinary();
        if (!Files.isExecutable(binary)) {
            throw new IOException("C program not built at " + binary + " (bin/bench builds it)");
        }
        // c-file writes where curl-file does: a fresh directory in the temporary file system.
        Path out = contender.client().equals("c-file") ? Files.createTempDirectory("curl-multi-bench-c-files") : null;
        try {
            return ExternalRunners.runC(
                    contender.libcurl(),
                    clientPrefix,
                    url,
                    requests,
                    concurrency,
                    server.caPem(),
                    http2,
                    out,
                    receiveBuffer);
        } finally {
            if (out != null) {
                // The C program removes its files; a failed run may leave .part files behind.
                try (Stream<Path> files = Files.walk(out)) {
                    files.sorted(Comparator.reverseOrder())
                            .forEach(path -> path.toFile().delete());
                }
            }
        }
    }

    /** A client that returns early or short must not look fast. */
    private static void checkBytes(Workload workload, String client, long bytes, int requests) {
        long expected = switch (workload) {
            case C -> 1L << 30;
            case D -> (long) requests << 20;
            default -> 1024L * requests;
        };
        if (bytes != expected) {
            throw new IllegalStateException(client + " received " + bytes + " body bytes, expected " + expected);
        }
    }

    private static double rate(Workload workload, int requests, Sample sample) {
        double seconds = sample.elapsedNanos() / 1e9;
        return workload.measuresBytes() ? sample.bytes() / seconds : requests / seconds;
    }

    void failed(String what, Exception e) {
        results.failed(section.title() + " " + what + ": " + e.getMessage());
        log("  FAILED: %s", e.getMessage());
    }

    static void log(String format, Object... args) {
        System.err.printf(format + "%n", args);
    }
}
