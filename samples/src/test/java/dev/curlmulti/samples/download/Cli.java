package dev.curlmulti.samples.download;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import picocli.CommandLine;

/** Runs the downloader in this JVM as {@code bin/download} would, capturing what it prints. */
final class Cli {
    private Cli() {}

    /** What a run printed and returned. */
    record Run(int exitCode, String output, String errors) {
        @Override
        public String toString() {
            return "exit " + exitCode + "\n" + output + "\n" + errors;
        }
    }

    static Run run(String... args) {
        return run(Map.of(), null, args);
    }

    /**
     * @param env     the environment variables the program sees
     * @param started given the command before it runs (to reach its interrupts), or null
     */
    static Run run(Map<String, String> env, java.util.function.Consumer<BulkDownload> started, String... args) {
        BulkDownload command = new BulkDownload();
        ByteArrayOutputStream printed = new ByteArrayOutputStream();
        ByteArrayOutputStream errors = new ByteArrayOutputStream();
        command.out = new PrintStream(printed, true, StandardCharsets.UTF_8);
        command.err = new PrintStream(errors, true, StandardCharsets.UTF_8);
        command.env = env::get;
        if (started != null) {
            started.accept(command);
        }
        CommandLine line = new CommandLine(command);
        line.setErr(new java.io.PrintWriter(errors, true, StandardCharsets.UTF_8));
        int exit = line.execute(args);
        return new Run(exit, printed.toString(StandardCharsets.UTF_8), errors.toString(StandardCharsets.UTF_8));
    }

    /** The report's lines, parsed. */
    static List<JsonNode> report(Path file) {
        ObjectMapper mapper = new ObjectMapper();
        try {
            return Files.readAllLines(file).stream()
                    .map(line -> {
                        try {
                            return mapper.readTree(line);
                        } catch (IOException e) {
                            throw new UncheckedIOException(e);
                        }
                    })
                    .toList();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The report line for {@code url}. */
    static JsonNode line(List<JsonNode> report, String url) {
        return report.stream()
                .filter(n -> n.get("url").asText().equals(url))
                .findFirst()
                .orElseThrow(() -> new AssertionError("no report line for " + url + " in " + report));
    }
}
