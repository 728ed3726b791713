package dev.curlmulti.samples.bootclients;

import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import java.io.PrintStream;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.CommandLineRunner;
import org.springframework.boot.WebApplicationType;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.annotation.Bean;
import org.springframework.web.client.RestClient;
import org.springframework.web.reactive.function.client.WebClient;

/**
 * A Spring Boot application using RestClient and WebClient the standard way, from Boot's builders,
 * with no libcurl code: the {@code multi-spring} dependency makes both run on libcurl, and Boot's
 * own properties (here {@code spring.http.client.read-timeout} and friends, set as defaults below;
 * {@code application.properties} works the same) configure it. It fetches each URL given, once with
 * each client, and prints what came back, then the client's meters (Actuator is on the classpath:
 * they are also under {@code /actuator/metrics}).
 *
 * <pre>bin/sample bootclients.BootClientsApp https://example.com/ https://example.org/</pre>
 */
@SpringBootApplication
public class BootClientsApp {
    public static void main(String[] args) {
        new SpringApplicationBuilder(BootClientsApp.class)
                .web(WebApplicationType.NONE)
                .properties(
                        "spring.http.client.connect-timeout=5s", "spring.http.client.read-timeout=30s",
                        "spring.http.reactiveclient.connect-timeout=5s", "spring.http.reactiveclient.read-timeout=30s")
                .run(args)
                .close();
    }

    @Bean
    CommandLineRunner fetchWithBoth(
            RestClient.Builder restClients, WebClient.Builder webClients, ObjectProvider<MeterRegistry> meters) {
        return args -> {
            fetch(List.of(args), restClients.build(), webClients.build(), System.out);
            meters.ifAvailable(registry -> printMeters(registry, System.out));
        };
    }

    /**
     * The libcurl client's meters, as {@code /actuator/metrics/curl.client.requests} would show them:
     * Actuator (a dependency of this sample) gives the context a {@code MeterRegistry} and the
     * auto-configuration records into it, with no code.
     */
    public static void printMeters(MeterRegistry registry, PrintStream out) {
        for (Timer timer : registry.find("curl.client.requests").timers()) {
            out.printf(
                    java.util.Locale.ROOT,
                    "curl.client.requests %s %s %s: %d, mean %.1f ms%n",
                    timer.getId().getTag("method"),
                    timer.getId().getTag("host"),
                    timer.getId().getTag("status"),
                    timer.count(),
                    timer.mean(TimeUnit.MILLISECONDS));
        }
        for (Timer timer : registry.find("curl.client.connect.time").timers()) {
            out.printf(
                    java.util.Locale.ROOT,
                    "curl.client.connect.time %s: %d connections, mean %.2f ms%n",
                    timer.getId().getTag("host"),
                    timer.count(),
                    timer.mean(TimeUnit.MILLISECONDS));
        }
    }

    /** Fetches each URL with both clients, printing one line per fetch. */
    public static void fetch(List<String> urls, RestClient restClient, WebClient webClient, PrintStream out) {
        for (String url : urls) {
            byte[] blocking = restClient.get().uri(url).retrieve().body(byte[].class);
            out.printf(
                    java.util.Locale.ROOT, "RestClient %s: %,d bytes%n", url, blocking == null ? 0 : blocking.length);
            byte[] reactive = webClient
                    .get()
                    .uri(url)
                    .retrieve()
                    .bodyToMono(byte[].class)
                    .defaultIfEmpty(new byte[0])
                    .block(Duration.ofSeconds(60));
            out.printf(java.util.Locale.ROOT, "WebClient  %s: %,d bytes%n", url, reactive.length);
        }
    }
}
