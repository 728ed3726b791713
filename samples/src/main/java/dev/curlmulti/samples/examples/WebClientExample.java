package dev.curlmulti.samples.examples;

import dev.curlmulti.samples.LocalFileServer;
import dev.curlmulti.spring.CurlClientHttpConnector;
import java.io.PrintStream;
import java.time.Duration;
import org.springframework.web.reactive.function.client.WebClient;

/** A Spring WebClient on libcurl: one line, {@code clientConnector(new CurlClientHttpConnector())}. */
public final class WebClientExample {
    private WebClientExample() {}

    public static void main(String[] args) {
        try (LocalFileServer server = new LocalFileServer()) {
            run(server.url(4096), System.out);
        }
    }

    public static int run(String url, PrintStream out) {
        try (CurlClientHttpConnector connector = new CurlClientHttpConnector()) {
            WebClient webClient = WebClient.builder().clientConnector(connector).build();
            String body =
                    webClient.get().uri(url).retrieve().bodyToMono(String.class).block(Duration.ofSeconds(10));
            out.println("WebClient on libcurl read " + body.length() + " characters from " + url);
            return body.length();
        }
    }
}
