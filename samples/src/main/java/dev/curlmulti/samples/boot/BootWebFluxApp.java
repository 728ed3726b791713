package dev.curlmulti.samples.boot;

import static org.springframework.web.reactive.function.server.RouterFunctions.route;

import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.context.annotation.Bean;
import org.springframework.web.reactive.function.client.WebClient;
import org.springframework.web.reactive.function.server.RouterFunction;
import org.springframework.web.reactive.function.server.ServerResponse;

/**
 * A small Spring Boot WebFlux app whose WebClient runs on libcurl with no code: the
 * {@code multi-spring} dependency's auto-configuration supplies the connector ({@code curl.multi.*}
 * properties configure it). {@code GET /size?url=...} fetches the URL and answers its size.
 *
 * <pre>bin/sample boot.BootWebFluxApp   # then: curl 'http://localhost:8080/size?url=https://example.com/'</pre>
 */
@SpringBootApplication
public class BootWebFluxApp {
    public static void main(String[] args) {
        SpringApplication.run(BootWebFluxApp.class, args);
    }

    @Bean
    RouterFunction<ServerResponse> routes(WebClient.Builder builder) {
        WebClient webClient = builder.build();
        return route().GET("/size", request -> {
                    String url = request.queryParam("url")
                            .orElseThrow(() -> new IllegalArgumentException("url is required"));
                    return webClient
                            .get()
                            .uri(url)
                            .retrieve()
                            .bodyToMono(byte[].class)
                            .defaultIfEmpty(new byte[0])
                            .flatMap(body -> ServerResponse.ok().bodyValue(url + " " + body.length + " bytes"));
                })
                .build();
    }
}
