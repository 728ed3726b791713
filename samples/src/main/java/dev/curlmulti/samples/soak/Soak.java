package dev.curlmulti.samples.soak;

import dev.curlmulti.core.CurlVersion;
import dev.curlmulti.core.testing.Nginx;
import java.io.PrintStream;
import java.util.ArrayList;
import java.util.List;

/**
 * The long reliability runs ({@code bin/soak}), each against a local nginx:
 * <ul>
 *   <li>{@code keepalive N} (default 1,000,000): N 1 KiB GETs over keep-alive on one client,
 *       64 in flight; prints the resident-memory, heap, thread and live-handle curve and judges it
 *       flat ({@link KeepAliveSoak});</li>
 *   <li>{@code storm N} (default 100,000): N transfers from 8 threads with random cancel, pause and
 *       resume, and client disposal under load ({@link CancelStorm});</li>
 *   <li>{@code clients N} (default 20,000): clients created, used once and disposed ({@link ClientChurn});</li>
 *   <li>{@code overload N} (default 1,000,000): requests offered faster than the server answers, a third
 *       of them stalled, against pending limits ({@link OverloadSoak#overload});</li>
 *   <li>{@code flaky N} (default 100,000): requests through a relay that goes away and comes back,
 *       with retries ({@link OverloadSoak#flaky}).</li>
 * </ul>
 * With no arguments it runs all of them with their defaults. Exits 1 when any check fails.
 *
 * <pre>bin/soak [keepalive N] [storm N] [clients N] [overload N] [flaky N]</pre>
 */
public final class Soak {
    private Soak() {}

    public static void main(String[] args) throws Exception {
        long keepAlive = 1_000_000;
        int storm = 100_000;
        int clients = 20_000;
        long overload = 1_000_000;
        long flaky = 100_000;
        boolean all = args.length == 0;
        boolean runOverload = all;
        boolean runFlaky = all;
        boolean runKeepAlive = all;
        boolean runStorm = all;
        boolean runClients = all;
        for (int i = 0; i < args.length; i++) {
            String value = i + 1 < args.length ? args[i + 1] : null;
            switch (args[i]) {
                case "keepalive" -> {
                    runKeepAlive = true;
                    if (isNumber(value)) {
                        keepAlive = Long.parseLong(value);
                        i++;
                    }
                }
                case "storm" -> {
                    runStorm = true;
                    if (isNumber(value)) {
                        storm = Integer.parseInt(value);
                        i++;
                    }
                }
                case "clients" -> {
                    runClients = true;
                    if (isNumber(value)) {
                        clients = Integer.parseInt(value);
                        i++;
                    }
                }
                case "overload" -> {
                    runOverload = true;
                    if (isNumber(value)) {
                        overload = Long.parseLong(value);
                        i++;
                    }
                }
                case "flaky" -> {
                    runFlaky = true;
                    if (isNumber(value)) {
                        flaky = Long.parseLong(value);
                        i++;
                    }
                }
                default -> {
                    System.err.println("usage: bin/soak [keepalive N] [storm N] [clients N] [overload N] [flaky N]");
                    System.exit(2);
                }
            }
        }
        List<String> problems = new ArrayList<>();
        PrintStream out = System.out;
        CurlVersion curl = CurlVersion.current();
        out.printf(
                "libcurl %s (%s) through the %s binding on Java %s%n",
                curl.version(), curl.sslVersion(), curl.binding(), Runtime.version());
        try (Nginx nginx = SoakServer.start()) {
            if (runKeepAlive) {
                out.printf("%n== keep-alive soak: %,d requests of 1 KiB, 64 in flight, one client%n", keepAlive);
                KeepAliveSoak.Result result = KeepAliveSoak.run(nginx.httpUrl("1k.bin"), 1024, keepAlive, 20, 64, out);
                out.printf(
                        "%,d requests in %.1f s (%,.0f req/s), %d failed%n",
                        result.requests(), result.seconds(), result.requests() / result.seconds(), result.failures());
                report("keep-alive soak", result.problems(), problems, out);
            }
            if (runStorm) {
                out.printf(
                        "%n== storm: %,d transfers from 8 threads, random cancel / pause / resume, a client disposed"
                                + " every 2,000%n",
                        storm);
                CancelStorm.Result result = CancelStorm.run(SoakServer.stormUrls(nginx), storm, 8, 4, 2_000, 42, out);
                out.printf(
                        "%,d transfers in %.1f s; %d clients disposed under load%n",
                        result.transfers(), result.seconds(), result.clientCloses());
                result.outcomes().forEach((outcome, count) -> out.printf("  %-45s %,10d%n", outcome, count));
                report("storm", result.problems(), problems, out);
            }
            if (runClients) {
                out.printf("%n== client churn: %,d clients created, used once, disposed%n", clients);
                ClientChurn.Result result = ClientChurn.run(nginx.httpUrl("1k.bin"), clients, 10, out);
                out.printf("%,d clients in %.1f s%n", result.clients(), result.seconds());
                report("client churn", result.problems(), problems, out);
            }
            if (runOverload) {
                out.printf(
                        "%n== overload: %,d requests, up to 1,024 outstanding, 2 loops x 32 connections, at most 256"
                                + " pending for 100 ms, 250 ms total timeout, a third stalled by the server%n",
                        overload);
                report(
                        "overload",
                        overloadResult(
                                OverloadSoak.overload(
                                        nginx.httpUrl("1k.bin"), nginx.httpUrl("stall/1k.bin"), overload, 10, out),
                                out),
                        problems,
                        out);
            }
            if (runFlaky) {
                out.printf(
                        "%n== flaky server: %,d requests, 64 outstanding, through a relay that goes away for 0.5 s"
                                + " every 2 s, retries on%n",
                        flaky);
                report(
                        "flaky server",
                        overloadResult(OverloadSoak.flaky(nginx.httpPort(), "1k.bin", flaky, 10, out), out),
                        problems,
                        out);
            }
        }
        out.println();
        if (problems.isEmpty()) {
            out.println("soak: all checks passed");
        } else {
            out.println("soak: FAILED");
            problems.forEach(p -> out.println("  " + p));
            System.exit(1);
        }
    }

    private static void report(String name, List<String> found, List<String> all, PrintStream out) {
        if (found.isEmpty()) {
            out.println(name + ": passed");
        }
        for (String problem : found) {
            out.println(name + ": FAILED: " + problem);
            all.add(name + ": " + problem);
        }
    }

    private static List<String> overloadResult(OverloadSoak.Result result, PrintStream out) {
        out.printf(
                "%,d requests in %.1f s; slowest %,d ms%n",
                result.requests(), result.seconds(), result.slowest().toMillis());
        result.outcomes().forEach((outcome, count) -> out.printf("  %-50s %,10d%n", outcome, count));
        return result.problems();
    }

    private static boolean isNumber(String value) {
        return value != null && value.chars().allMatch(c -> c == '_' || Character.isDigit(c)) && !value.isEmpty();
    }
}
