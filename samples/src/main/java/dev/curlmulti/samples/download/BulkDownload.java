package dev.curlmulti.samples.download;

import dev.curlmulti.reactor.CurlClient;
import dev.curlmulti.reactor.DownloadLimits;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.Callable;
import java.util.function.UnaryOperator;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/**
 * The bulk downloader: many URLs at once with libcurl under Reactor, from the command line or an
 * aria2c-style input file, each file verified when the manifest says what it should be, complete
 * files recognised on a rerun (journal, validators, checksums), a JSON-lines report beside the
 * summary. With no URLs it starts a built-in server on loopback and downloads its few hundred
 * generated files (some slow, some failing on purpose), checking every checksum. This class holds
 * the options and wires the parts: {@link Manifest}, {@link Planner}, {@link Journal},
 * {@link BatchRun}, {@link Report}, {@link Summary}, {@link Interrupts}.
 *
 * <pre>
 * bin/download                           # the built-in demo
 * bin/download -o out URL...             # your URLs
 * bin/download -i urls.txt -c 32         # URLs from a file ("-" reads standard input)
 * </pre>
 */
@Command(
        name = "download",
        mixinStandardHelpOptions = true,
        sortOptions = false,
        description = {
            "Bulk downloads on libcurl's multi interface. Without URLs: a demo against a built-in local server.",
            "A file already in the output directory is kept when it is known complete: it has the manifest's"
                    + " SHA-256, or this program's journal there (" + Journal.FILE_NAME + ") recorded it with"
                    + " its size and time (checked with a conditional request when the server gave an ETag or"
                    + " Last-Modified), or it has the manifest's size; anything else is fetched again."
        },
        exitCodeListHeading = "%nExit codes:%n",
        exitCodeList = {
            "  0:every file complete and verified",
            "  1:a file failed or did not verify",
            "  2:bad arguments or input file",
            "130:interrupted (SIGINT/SIGTERM); run the same command again to resume"
        },
        footer = {
            "",
            "Input file (-i), aria2c's format: a URL per line, then option lines starting with whitespace:",
            "  https://example.com/a.iso",
            "    out=isos/a.iso",
            "    checksum=sha-256=<64 hex digits>",
            "    size=<bytes>",
            "    header=Accept: application/octet-stream",
            "Sizes and rates take curl's suffixes: 10K, 5M, 1G (powers of 1024)."
        })
public final class BulkDownload implements Callable<Integer> {
    @Parameters(paramLabel = "URL", description = "URLs to download")
    List<String> urls = new ArrayList<>();

    @Option(
            names = {"-i", "--input"},
            paramLabel = "FILE",
            description = "URLs, one per line with optional option lines (aria2c's format; - for standard input)")
    String input;

    @Option(
            names = {"-o", "--output"},
            paramLabel = "DIR",
            description = "directory for the files (default: ${DEFAULT-VALUE})")
    Path output = Path.of("downloads");

    @Option(
            names = {"-c", "--concurrency"},
            paramLabel = "N",
            description = "downloads at once (default: ${DEFAULT-VALUE})")
    int concurrency = 16;

    @Option(
            names = "--per-host",
            paramLabel = "N",
            description = "connections at once to one host, 0 for no bound but -c (default: ${DEFAULT-VALUE})")
    int perHost;

    @Option(
            names = {"-s", "--split"},
            paramLabel = "N",
            description = "connections for one large file, by Range requests (default: ${DEFAULT-VALUE})")
    int split = 1;

    @Option(
            names = "--min-split-size",
            paramLabel = "SIZE",
            description = "smallest part worth its own connection (default: ${DEFAULT-VALUE})")
    String minSplitSize = "4M";

    @Option(
            names = "--limit-rate",
            paramLabel = "RATE",
            description = "bytes per second over all downloads, e.g. 10M (default: no limit)")
    String limitRate;

    @Option(
            names = "--per-host-limit-rate",
            paramLabel = "RATE",
            description = "bytes per second from one host (default: no limit)")
    String perHostLimitRate;

    @Option(
            names = {"-r", "--retries"},
            paramLabel = "N",
            description = "retries of a transient failure (default: ${DEFAULT-VALUE})")
    int retries = 3;

    @Option(names = "--no-resume", description = "start partial files over instead of resuming them")
    boolean noResume;

    @Option(
            names = "--sha256",
            description = "compute every file's SHA-256 as it is written, for the report and the journal (files"
                    + " with checksum= in the input are always hashed)")
    boolean sha256;

    @Option(
            names = "--report",
            paramLabel = "FILE",
            description = "a JSON line per file: url, file, bytes, sha256, status, attempts, timeMs, result, error")
    Path report;

    @Mixin
    ClientOptions clientOptions = new ClientOptions();

    @Option(
            names = {"-q", "--quiet"},
            description = "no progress bar")
    boolean quiet;

    @Spec
    CommandSpec spec;

    PrintStream out = System.out;
    PrintStream err = System.err;
    UnaryOperator<String> env = System::getenv;
    final Interrupts interrupts = new Interrupts();
    private boolean handleSignals;

    public static void main(String[] args) {
        BulkDownload command = new BulkDownload();
        command.handleSignals = true;
        System.exit(new CommandLine(command).execute(args));
    }

    @Override
    public Integer call() throws Exception {
        try {
            return run();
        } catch (ClientOptions.UsageException | Manifest.ManifestException e) {
            err.println("download: " + e.getMessage());
            return 2;
        }
    }

    private int run() throws Exception {
        DownloadLimits limits = limits();
        long minSplit = size("--min-split-size", minSplitSize);
        if (minSplit < 1) {
            throw new ClientOptions.UsageException("--min-split-size must be at least 1 byte");
        }
        boolean demo = urls.isEmpty() && input == null;
        List<Entry> entries = demo ? List.of() : entries();
        if (handleSignals) {
            interrupts.install();
        }
        try (DemoServer server = demo ? new DemoServer() : null;
                CurlClient client = client(limits)) {
            if (demo) {
                entries = server.entries(client);
                out.printf(
                        "Demo: %d files from a built-in server at %s (a few fail on purpose) into %s%n",
                        entries.size(), server.baseUrl(), output.toAbsolutePath());
            }
            Files.createDirectories(output);
            try (Journal journal = Journal.open(output);
                    Report lines = new Report(report)) {
                List<Planner.Item> items =
                        new Planner(output, journal, !noResume, sha256 || demo, split, minSplit).plan(entries);
                // Each directory once: createDirectories on an existing one throws and catches inside.
                Set<Path> directories = new HashSet<>();
                for (Planner.Item item : items) {
                    Path parent = item.target().getParent();
                    if (item.download() != null && parent != null && directories.add(parent)) {
                        Files.createDirectories(parent);
                    }
                }
                BatchRun batch = new BatchRun(client, limits, retries, journal, lines, interrupts, quiet ? null : out);
                List<Outcome> outcomes = batch.run(items);
                Summary summary = new Summary(outcomes, batch.seconds());
                summary.print(out);
                if (interrupts.fired()) {
                    out.printf(
                            "%nInterrupted: %d of %d files finished. Run the same command again to resume:%n  %s%n",
                            outcomes.size(), items.size(), commandLine());
                    return Interrupts.EXIT_CODE;
                }
                return summary.failures().isEmpty() ? 0 : 1;
            }
        } finally {
            interrupts.close();
        }
    }

    /** The batch's bounds from the options. */
    DownloadLimits limits() throws ClientOptions.UsageException {
        if (concurrency < 1 || split < 1 || perHost < 0 || retries < 0) {
            throw new ClientOptions.UsageException("-c and -s must be at least 1, --per-host and -r at least 0");
        }
        return new DownloadLimits(
                concurrency,
                perHost,
                limitRate == null ? 0 : size("--limit-rate", limitRate),
                perHostLimitRate == null ? 0 : size("--per-host-limit-rate", perHostLimitRate));
    }

    private static long size(String option, String value) throws ClientOptions.UsageException {
        try {
            return Sizes.parse(value);
        } catch (IllegalArgumentException e) {
            throw new ClientOptions.UsageException(option + ": " + e.getMessage());
        }
    }

    private CurlClient client(DownloadLimits limits) throws ClientOptions.UsageException {
        CurlClient.Builder builder = CurlClient.builder()
                // A split file takes several connections to its host; the batch keeps --per-host.
                .maxConnectionsPerHost(Math.max(1, concurrency * split))
                .connectTimeout(Duration.ofSeconds(15))
                .idleTimeout(Duration.ofSeconds(30))
                .followRedirects(5);
        clientOptions.configure(builder, env);
        try {
            return builder.build();
        } catch (UnsupportedOperationException | IllegalArgumentException e) {
            // An HTTP version this libcurl lacks, a proxy URL it refuses: the user's to fix.
            throw new ClientOptions.UsageException(e.getMessage());
        }
    }

    private List<Entry> entries() throws IOException, Manifest.ManifestException, ClientOptions.UsageException {
        List<Entry> all = new ArrayList<>();
        for (String url : urls) {
            all.add(Entry.of(url));
        }
        if (input != null) {
            if (!input.equals("-") && !Files.isReadable(Path.of(input))) {
                throw new ClientOptions.UsageException("-i: cannot read " + input);
            }
            BufferedReader reader = input.equals("-")
                    ? new BufferedReader(new InputStreamReader(System.in, StandardCharsets.UTF_8))
                    : Files.newBufferedReader(Path.of(input), StandardCharsets.UTF_8);
            try (reader) {
                all.addAll(Manifest.read(reader, input.equals("-") ? "<stdin>" : input));
            } catch (IOException e) {
                // Not text in UTF-8, say: the user's file to fix, not a failed download.
                throw new ClientOptions.UsageException("-i: cannot read " + input + ": " + e);
            }
        }
        return all;
    }

    private String commandLine() {
        List<String> args =
                spec == null ? List.of() : spec.commandLine().getParseResult().originalArgs();
        StringBuilder line = new StringBuilder("bin/download");
        for (String arg : args) {
            line.append(' ')
                    .append(arg.matches("[A-Za-z0-9_./:=@%+,-]+") ? arg : "'" + arg.replace("'", "'\\''") + "'");
        }
        return line.toString();
    }
}
