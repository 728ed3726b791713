package dev.curlmulti.bench;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStreamWriter;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * A {@link Worker} JVM seen from {@link BenchMain}: start it on a given JDK, send commands, read
 * answers. It runs on {@code BenchMain}'s class path whatever its JDK (the classes are Java 17;
 * multi-core's multi-release JAR brings the FFM binding to a JDK 22+), except the clients that
 * need a class path of their own ({@link WorkerClassPath}).
 */
final class WorkerProcess implements AutoCloseable {
    /** The same JVM flags for every client, so heap sizing does not decide the memory columns. */
    static final List<String> JVM_FLAGS = List.of("-Xms64m", "-Xmx1g");

    final String client;
    private final Process process;
    private final Writer commands;
    private final BufferedReader answers;

    /**
     * @param contender the client to run, and the libcurl it loads
     * @param jdk the JDK to run the worker on
     * @param recording where to write a flight recording of the worker (profile settings), or null
     * @param receiveBuffer libcurl receive buffer for our clients, or 0 for libcurl's default
     */
    WorkerProcess(
            Contender contender,
            Jdk jdk,
            Path caPem,
            List<String> launchPrefix,
            Path log,
            Path recording,
            int receiveBuffer)
            throws IOException {
        this(
                Worker.class,
                List.of(contender.client(), caPem.toString()),
                contender.label(),
                contender.libcurl(),
                WorkerClassPath.of(contender.client()),
                jdk,
                launchPrefix,
                log,
                recording,
                receiveBuffer);
    }

    /**
     * A JVM running {@code main} with {@code arguments} that speaks {@link Worker}'s line protocol
     * ({@code ready}, then one {@code ok ...} or {@code err ...} per command, {@code quit}):
     * {@code bin/bench-websocket}'s workers and its echo server.
     *
     * @param name what the errors call this process
     * @param libcurl the libcurl it loads, or null when it loads none (the echo server): the bench JVM's environment
     */
    WorkerProcess(
            Class<?> main,
            List<String> arguments,
            String name,
            Libcurl libcurl,
            Jdk jdk,
            List<String> launchPrefix,
            Path log,
            Path recording,
            int receiveBuffer)
            throws IOException {
        this(
                main,
                arguments,
                name,
                libcurl,
                System.getProperty("java.class.path"),
                jdk,
                launchPrefix,
                log,
                recording,
                receiveBuffer);
    }

    /**
     * The same on a class path of its own ({@link WorkerClassPath#of}): {@code bin/bench-websocket}'s
     * reactor-netty-1.3-ws worker.
     */
    WorkerProcess(
            Class<?> main,
            List<String> arguments,
            String name,
            Libcurl libcurl,
            String classPath,
            Jdk jdk,
            List<String> launchPrefix,
            Path log,
            Path recording,
            int receiveBuffer)
            throws IOException {
        this.client = name;
        List<String> command = new ArrayList<>(launchPrefix);
        command.add(jdk.java().toString());
        command.addAll(JVM_FLAGS);
        if (jdk.needsNativeAccessGrant()) {
            command.add("--enable-native-access=ALL-UNNAMED");
        }
        // -Ddev.curlmulti.binding=jna given to BenchMain forces JNA in every worker, on any JDK.
        String binding = System.getProperty("dev.curlmulti.binding");
        if (binding != null) {
            command.add("-Ddev.curlmulti.binding=" + binding);
        }
        // The libcurl this worker's client runs on (one of --libcurls, or the bench JVM's own).
        if (libcurl != null) {
            command.addAll(libcurl.jvmFlags());
        }
        if (receiveBuffer > 0) {
            command.add("-D" + dev.curlmulti.bench.clients.BenchClient.RECEIVE_BUFFER_PROPERTY + "=" + receiveBuffer);
        }
        if (recording != null) {
            command.add("-XX:StartFlightRecording=settings=profile,filename=" + recording);
        }
        command.addAll(List.of("-cp", classPath, main.getName()));
        command.addAll(arguments);
        ProcessBuilder builder = new ProcessBuilder(command);
        if (libcurl != null) {
            libcurl.environment(builder);
        }
        process = builder.redirectError(ProcessBuilder.Redirect.appendTo(log.toFile()))
                .start();
        commands = new OutputStreamWriter(process.getOutputStream(), StandardCharsets.UTF_8);
        answers = new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8));
        // The JVM itself may print first (a flight recording announces itself on stdout).
        String line;
        do {
            line = answers.readLine();
        } while (line != null && !line.equals("ready"));
        if (line == null) {
            throw new IOException(name + " worker did not start; see " + log);
        }
    }

    /** The worker's process, to read its CPU time from outside. */
    ProcessHandle handle() {
        return process.toHandle();
    }

    /** Sends one command and returns the fields after {@code ok}; throws with the worker's error. */
    String[] call(String command) throws IOException {
        commands.write(command + "\n");
        commands.flush();
        String answer = answers.readLine();
        if (answer == null) {
            throw new IOException(client + " worker exited during: " + command);
        }
        if (!answer.startsWith("ok")) {
            throw new IOException(client + ": " + answer);
        }
        String rest = answer.substring(2).trim();
        return rest.isEmpty() ? new String[0] : rest.split(" ");
    }

    @Override
    public void close() {
        try {
            commands.write("quit\n");
            commands.flush();
        } catch (IOException ignored) {
            // already gone
        }
        try {
            if (!process.waitFor(30, TimeUnit.SECONDS)) {
                process.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
