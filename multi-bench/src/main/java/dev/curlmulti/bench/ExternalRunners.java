package dev.curlmulti.bench;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The ceilings: the C program on libcurl's multi interface (bodies discarded, or written to files
 * for {@code c-file}), and wrk for the server's limit.
 */
final class ExternalRunners {
    private static final Pattern REQUESTS = Pattern.compile("Requests/sec:\\s+([0-9.]+)");
    private static final Pattern TRANSFER = Pattern.compile("Transfer/sec:\\s+([0-9.]+)([KMG]?B)");

    private ExternalRunners() {}

    /**
     * One run of the C program built for {@code libcurl}, in that libcurl's environment, with its own
     * elapsed time, body bytes, peak RSS and CPU time. With an {@code outDirectory} it writes every
     * body to a file there (the file path's ceiling).
     */
    static Sample runC(
            Libcurl libcurl,
            List<String> prefix,
            String url,
            int requests,
            int concurrency,
            Path caPem,
            boolean http2,
            Path outDirectory,
            int receiveBuffer)
            throws IOException, InterruptedException {
        List<String> command = new ArrayList<>(prefix);
        command.add(libcurl.cBinary().toString());
        if (receiveBuffer > 0) {
            command.addAll(List.of("-b", Integer.toString(receiveBuffer)));
        }
        if (outDirectory != null) {
            command.addAll(List.of("-o", outDirectory.toString()));
        }
        command.addAll(List.of(url, Integer.toString(requests), Integer.toString(concurrency)));
        if (http2) {
            command.add(caPem.toString());
        }
        return Sample.fromC(run(libcurl.environment(new ProcessBuilder(command))));
    }

    /** One wrk run: {@code {requests per second, bytes per second}}. */
    static double[] runWrk(List<String> prefix, String url, int connections, int seconds)
            throws IOException, InterruptedException {
        List<String> command = new ArrayList<>(prefix);
        command.addAll(List.of("wrk", "-t1", "-c" + connections, "-d" + seconds + "s", url));
        String output = run(command);
        Matcher requests = REQUESTS.matcher(output);
        Matcher transfer = TRANSFER.matcher(output);
        if (!requests.find() || !transfer.find() || output.contains("Non-2xx") || output.contains("Socket errors")) {
            throw new IOException("wrk: unexpected output: " + output);
        }
        double unit = switch (transfer.group(2).toUpperCase(Locale.ROOT)) {
            case "KB" -> 1024;
            case "MB" -> 1024 * 1024;
            case "GB" -> 1024.0 * 1024 * 1024;
            default -> 1;
        };
        return new double[] {Double.parseDouble(requests.group(1)), Double.parseDouble(transfer.group(1)) * unit};
    }

    static String run(List<String> command) throws IOException, InterruptedException {
        return run(new ProcessBuilder(command));
    }

    /** Runs {@code builder}'s command (in its environment) to its end; its output, or why it failed. */
    static String run(ProcessBuilder builder) throws IOException, InterruptedException {
        List<String> command = builder.command();
        Process process = builder.redirectErrorStream(true).start();
        byte[] output = process.getInputStream().readAllBytes();
        if (!process.waitFor(15, TimeUnit.MINUTES) || process.exitValue() != 0) {
            throw new IOException(String.join(" ", command) + " failed: " + new String(output, StandardCharsets.UTF_8));
        }
        return new String(output, StandardCharsets.UTF_8);
    }
}
