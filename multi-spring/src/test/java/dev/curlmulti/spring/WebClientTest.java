package dev.curlmulti.spring;

import static org.assertj.core.api.Assertions.assertThat;

import dev.curlmulti.core.testing.Await;
import dev.curlmulti.core.testing.NoLeakedHandles;
import dev.curlmulti.core.testing.RawServer;
import java.io.IOException;
import java.net.InetAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import okhttp3.mockwebserver.MockResponse;
import okhttp3.mockwebserver.MockWebServer;
import okhttp3.mockwebserver.RecordedRequest;
import okio.Buffer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.ExtendWith;
import org.springframework.core.ParameterizedTypeReference;
import org.springframework.core.io.buffer.DataBuffer;
import org.springframework.core.io.buffer.DataBufferUtils;
import org.springframework.http.HttpMethod;
import org.springframework.http.HttpStatus;
import org.springframework.http.HttpStatusCode;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseCookie;
import org.springframework.http.ResponseEntity;
import org.springframework.http.client.reactive.ClientHttpResponse;
import org.springframework.http.codec.ServerSentEvent;
import org.springframework.web.reactive.function.client.ExchangeFilterFunction;
import org.springframework.web.reactive.function.client.WebClient;
import org.springframework.web.reactive.function.client.WebClientException;
import org.springframework.web.reactive.function.client.WebClientResponseException;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import reactor.test.StepVerifier;

/**
 * WebClient on libcurl, checked for the behaviours Spring's own WebClientIntegrationTests and
 * ClientHttpConnectorTests check for every connector.
 */
@ExtendWith(NoLeakedHandles.class)
@Timeout(60)
class WebClientTest {
    /** A JSON value object. */
    record Pojo(String foo, String bar) {}

    private final MockWebServer server = new MockWebServer();
    private final LeakTrackingBufferFactory buffers = new LeakTrackingBufferFactory();
    private CurlClientHttpConnector connector;
    private WebClient webClient;

    @BeforeEach
    void setUp() throws IOException {
        server.start(InetAddress.getLoopbackAddress(), 0);
        connector = new CurlClientHttpConnector();
        connector.setBufferFactory(buffers);
        webClient = WebClient.builder()
                .clientConnector(connector)
                .baseUrl(server.url("/").toString())
                .build();
    }

    @AfterEach
    void tearDown() throws Exception {
        buffers.assertAllReleased();
        connector.close();
        server.shutdown();
    }

    private void respond(MockResponse response) {
        server.enqueue(response);
    }

    @Test
    void retrieveSendsHeadersCookiesAndAccept() throws Exception {
        respond(new MockResponse().setHeader("Content-Type", "text/plain").setBody("Hello Spring!"));
        String result = webClient
                .get()
                .uri("/greeting")
                .cookie("testkey", "testvalue")
                .cookie("other", "two")
                .header("X-Test-Header", "testvalue")
                .accept(MediaType.TEXT_PLAIN)
                .retrieve()
                .bodyToMono(String.class)
                .block(Duration.ofSeconds(10));
        assertThat(result).isEqualTo("Hello Spring!");
        RecordedRequest request = server.takeRequest();
        assertThat(request.getHeaders().values("Cookie")).containsExactly("testkey=testvalue; other=two");
        assertThat(request.getHeader("X-Test-Header")).isEqualTo("testvalue");
        assertThat(request.getHeader("Accept")).isEqualTo("text/plain");
        assertThat(request.getPath()).isEqualTo("/greeting");
    }

    @Test
    void jsonObjectsArraysAndGenericsAreDecoded() {
        respond(new MockResponse()
                .setHeader("Content-Type", "application/json")
                .setBody("{\"foo\":\"f\",\"bar\":\"b\"}"));
        respond(new MockResponse()
                .setHeader("Content-Type", "application/json")
                .setBody("[{\"foo\":\"f1\",\"bar\":\"b1\"},{\"foo\":\"f2\",\"bar\":\"b2\"}]"));
        respond(new MockResponse()
                .setHeader("Content-Type", "application/json")
                .setBody("{\"a\":{\"foo\":\"x\",\"bar\":\"y\"}}"));
        assertThat(webClient
                        .get()
                        .uri("/pojo")
                        .retrieve()
                        .bodyToMono(Pojo.class)
                        .block())
                .isEqualTo(new Pojo("f", "b"));
        assertThat(webClient
                        .get()
                        .uri("/pojos")
                        .retrieve()
                        .bodyToFlux(Pojo.class)
                        .collectList()
                        .block())
                .containsExactly(new Pojo("f1", "b1"), new Pojo("f2", "b2"));
        Map<String, Pojo> generic = webClient
                .get()
                .uri("/map")
                .retrieve()
                .bodyToMono(new ParameterizedTypeReference<Map<String, Pojo>>() {})
                .block();
        assertThat(generic).containsEntry("a", new Pojo("x", "y"));
    }

    @Test
    void entitiesAndBodilessEntitiesCarryStatusAndHeaders() {
        respond(new MockResponse()
                .setHeader("Content-Type", "text/plain")
                .setHeader("X-Custom", "yes")
                .setBody("body"));
        respond(new MockResponse()
                .setResponseCode(201)
                .setHeader("Location", "/new")
                .setBody("ignored"));
        ResponseEntity<String> entity =
                webClient.get().uri("/e").retrieve().toEntity(String.class).block();
        assertThat(entity.getStatusCode()).isEqualTo(HttpStatus.OK);
        assertThat(entity.getHeaders().getFirst("x-custom")).isEqualTo("yes");
        assertThat(entity.getBody()).isEqualTo("body");
        ResponseEntity<Void> bodiless =
                webClient.post().uri("/b").retrieve().toBodilessEntity().block();
        assertThat(bodiless.getStatusCode().value()).isEqualTo(201);
        assertThat(bodiless.getHeaders().getFirst("Location")).isEqualTo("/new");
    }

    @Test
    void errorStatusesBecomeWebClientResponseExceptionsWithOrWithoutBody() {
        respond(new MockResponse()
                .setResponseCode(404)
                .setHeader("Content-Type", "text/plain")
                .setBody("Not Found"));
        respond(new MockResponse().setResponseCode(500));
        StepVerifier.create(webClient.get().uri("/missing").retrieve().bodyToMono(String.class))
                .expectErrorSatisfies(e -> {
                    assertThat(e).isInstanceOf(WebClientResponseException.NotFound.class);
                    assertThat(((WebClientResponseException) e).getResponseBodyAsString())
                            .isEqualTo("Not Found");
                })
                .verify(Duration.ofSeconds(10));
        StepVerifier.create(webClient.get().uri("/broken").retrieve().bodyToMono(String.class))
                .expectError(WebClientResponseException.InternalServerError.class)
                .verify(Duration.ofSeconds(10));
    }

    @Test
    void unknownStatusCodesArePassedThroughAndOnStatusHandlersRun() {
        respond(new MockResponse().setResponseCode(555).setBody("five five five"));
        respond(new MockResponse().setResponseCode(929).setBody("nine two nine"));
        ResponseEntity<String> unknown = webClient
                .get()
                .uri("/555")
                .exchangeToMono(r -> r.toEntity(String.class))
                .block();
        assertThat(unknown.getStatusCode().value()).isEqualTo(555);
        assertThat(unknown.getBody()).isEqualTo("five five five");
        StepVerifier.create(webClient
                        .get()
                        .uri("/929")
                        .retrieve()
                        .onStatus(
                                status -> status.value() == 929,
                                response -> response.bodyToMono(String.class).map(IllegalStateException::new))
                        .bodyToMono(String.class))
                .expectErrorMessage("nine two nine")
                .verify(Duration.ofSeconds(10));
    }

    @Test
    void filtersSeeRequestAndResponse() throws Exception {
        respond(new MockResponse().setBody("filtered"));
        WebClient filtered = webClient
                .mutate()
                .filter(ExchangeFilterFunction.ofRequestProcessor(request ->
                        Mono.just(org.springframework.web.reactive.function.client.ClientRequest.from(request)
                                .header("X-Filter", "applied")
                                .build())))
                .build();
        assertThat(filtered.get().uri("/f").retrieve().bodyToMono(String.class).block())
                .isEqualTo("filtered");
        assertThat(server.takeRequest().getHeader("X-Filter")).isEqualTo("applied");
    }

    @Test
    void postsJsonAndStreamsAOneMegabyteFileInFourKilobyteBuffers() throws Exception {
        respond(new MockResponse().setBody("json ok"));
        respond(new MockResponse().setBody("file ok"));
        assertThat(webClient
                        .post()
                        .uri("/json")
                        .contentType(MediaType.APPLICATION_JSON)
                        .bodyValue(new Pojo("a", "b"))
                        .retrieve()
                        .bodyToMono(String.class)
                        .block())
                .isEqualTo("json ok");
        RecordedRequest json = server.takeRequest();
        assertThat(json.getBody().readUtf8()).isEqualTo("{\"foo\":\"a\",\"bar\":\"b\"}");
        assertThat(json.getHeader("Content-Type")).isEqualTo("application/json");

        Path file = Files.createTempFile("upload", ".bin");
        byte[] content = new byte[1_000_000];
        new java.util.Random(7).nextBytes(content);
        Files.write(file, content);
        try {
            Flux<DataBuffer> chunks = DataBufferUtils.read(file, buffers, 4096);
            assertThat(webClient
                            .post()
                            .uri("/file")
                            .contentType(MediaType.APPLICATION_OCTET_STREAM)
                            .body(chunks, DataBuffer.class)
                            .retrieve()
                            .bodyToMono(String.class)
                            .block(Duration.ofSeconds(20)))
                    .isEqualTo("file ok");
            RecordedRequest upload = server.takeRequest();
            assertThat(upload.getBody().readByteArray()).isEqualTo(content);
            assertThat(upload.getHeader("Expect")).isNull();
        } finally {
            Files.deleteIfExists(file);
        }
    }

    @Test
    void responseCookiesAreParsedWithEveryAttribute() {
        respond(new MockResponse()
                .addHeader(
                        "Set-Cookie",
                        "session=abc; Max-Age=3600; Domain=example.test; Path=/app; Secure; HttpOnly;"
                                + " SameSite=Lax; Partitioned")
                .addHeader(
                        "Set-Cookie",
                        "theme=dark; Expires="
                                + java.time.format.DateTimeFormatter.RFC_1123_DATE_TIME.format(
                                        java.time.ZonedDateTime.now(java.time.ZoneOffset.UTC)
                                                .plusHours(1)))
                .setBody("cookies"));
        Map<String, List<ResponseCookie>> cookies = webClient
                .get()
                .uri("/c")
                .exchangeToMono(r -> r.releaseBody().thenReturn(r.cookies()))
                .block();
        ResponseCookie session = cookies.get("session").get(0);
        assertThat(session.getValue()).isEqualTo("abc");
        assertThat(session.getMaxAge()).isEqualTo(Duration.ofHours(1));
        assertThat(session.getDomain()).isEqualTo("example.test");
        assertThat(session.getPath()).isEqualTo("/app");
        assertThat(session.isSecure()).isTrue();
        assertThat(session.isHttpOnly()).isTrue();
        assertThat(session.getSameSite()).isEqualTo("Lax");
        assertThat(session.isPartitioned()).isTrue();
        assertThat(cookies.get("theme").get(0).getMaxAge().toMinutes()).isBetween(58L, 60L);
    }

    @Test
    void aMalformedChunkedBodyGivesAWebClientExceptionCausedByAnIOException() throws Exception {
        // The second chunk's size is not hex; the connection stays open until the client gives up on it.
        try (RawServer raw = new RawServer(connection -> {
            RawServer.skipRequestHead(connection);
            RawServer.send(
                    connection,
                    "HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n" + "Content-Type: text/plain\r\n\r\n"
                            + "5\r\nhello\r\nZZ-not-hex\r\nbroken\r\n0\r\n\r\n");
            RawServer.SILENT.play(connection);
        })) {
            StepVerifier.create(webClient.get().uri(raw.url("/")).retrieve().toBodilessEntity())
                    .expectErrorSatisfies(e -> {
                        assertThat(e).isInstanceOf(WebClientException.class);
                        assertThat(e.getCause()).isInstanceOf(IOException.class);
                    })
                    .verify(Duration.ofSeconds(10));
        }
    }

    @Test
    void textAndServerSentEventsStreamAsTheyArrive() {
        respond(new MockResponse()
                .setHeader("Content-Type", "text/event-stream")
                .setBody("id:0\ndata:zero\n\nid:1\ndata:one\n\nid:2\ndata:two\n\n")
                .throttleBody(17, 300, TimeUnit.MILLISECONDS));
        long start = System.nanoTime();
        long[] firstAt = {0};
        List<String> events = webClient
                .get()
                .uri("/sse")
                .accept(MediaType.TEXT_EVENT_STREAM)
                .retrieve()
                .bodyToFlux(new ParameterizedTypeReference<ServerSentEvent<String>>() {})
                .doOnNext(e -> {
                    if (firstAt[0] == 0) {
                        firstAt[0] = System.nanoTime();
                    }
                })
                .map(ServerSentEvent::data)
                .collectList()
                .block(Duration.ofSeconds(10));
        long total = System.nanoTime() - start;
        assertThat(events).containsExactly("zero", "one", "two");
        // The first event was handed over long before the last byte arrived.
        assertThat(total - (firstAt[0] - start)).isGreaterThan(TimeUnit.MILLISECONDS.toNanos(300));

        respond(new MockResponse().setHeader("Content-Type", "text/plain").setChunkedBody("line one\nline two\n", 5));
        assertThat(webClient
                        .get()
                        .uri("/text")
                        .retrieve()
                        .bodyToFlux(String.class)
                        .collectList()
                        .block())
                .isNotEmpty();
    }

    @Test
    void cancellingAfterTheFirstBufferAbortsTheTransfer() throws Exception {
        respond(new MockResponse()
                .setBody(new Buffer().write(new byte[100 * 1024]))
                .throttleBody(16 * 1024, 50, TimeUnit.MILLISECONDS));
        StepVerifier.create(webClient
                        .get()
                        .uri("/big")
                        .retrieve()
                        .bodyToFlux(DataBuffer.class)
                        .take(1)
                        .doOnNext(DataBufferUtils::release))
                .expectNextCount(1)
                .verifyComplete();
        Await.until(Duration.ofSeconds(5), () -> connector.client().inFlight() == 0, "no transfer in flight");
    }

    @Test
    void aResponseWhoseBodyIsNeverReadDoesNotPinTheConnection() throws Exception {
        respond(new MockResponse().setBody(new Buffer().write(new byte[2 * 1024 * 1024])));
        respond(new MockResponse().setBody("next"));
        HttpStatusCode status = webClient
                .get()
                .uri("/unread")
                .exchangeToMono(r -> Mono.just(r.statusCode()))
                .block(Duration.ofSeconds(10));
        assertThat(status.value()).isEqualTo(200);
        Await.until(Duration.ofSeconds(5), () -> connector.client().inFlight() == 0, "no transfer in flight");
        assertThat(webClient
                        .get()
                        .uri("/next")
                        .retrieve()
                        .bodyToMono(String.class)
                        .block(Duration.ofSeconds(10)))
                .isEqualTo("next");
    }

    @Test
    void anErrorInTheRequestBodyFailsTheExchangeWithThatSameException() {
        respond(new MockResponse().setResponseCode(200));
        RuntimeException error = new RuntimeException("body broke");
        Flux<DataBuffer> body = Flux.concat(
                Mono.fromCallable(() -> buffers.wrap("foo".getBytes(StandardCharsets.UTF_8))), Mono.error(error));
        Mono<ClientHttpResponse> response =
                connector.connect(HttpMethod.POST, server.url("/").uri(), request -> request.writeWith(body));
        StepVerifier.create(response)
                .expectErrorSatisfies(e -> assertThat(e).isSameAs(error))
                .verify(Duration.ofSeconds(10));
    }

    @Test
    void everyMethodIsSentAndHeadHasNoBody() throws Exception {
        for (HttpMethod method : new HttpMethod[] {
            HttpMethod.GET,
            HttpMethod.HEAD,
            HttpMethod.POST,
            HttpMethod.PUT,
            HttpMethod.PATCH,
            HttpMethod.DELETE,
            HttpMethod.OPTIONS,
            HttpMethod.TRACE
        }) {
            respond(new MockResponse().setBody(method == HttpMethod.HEAD ? "" : "done"));
            ResponseEntity<String> entity = webClient
                    .method(method)
                    .uri("/m")
                    .retrieve()
                    .toEntity(String.class)
                    .block();
            assertThat(entity.getStatusCode()).isEqualTo(HttpStatusCode.valueOf(200));
            assertThat(entity.getBody()).isEqualTo(method == HttpMethod.HEAD ? null : "done");
            assertThat(server.takeRequest().getMethod()).isEqualTo(method.name());
        }
    }

    @Test
    void theResponseIdIsStableAndTheHeadersAreReadOnlyAndCaseInsensitive() {
        respond(new MockResponse()
                .setHeader("X-Multi", "a")
                .addHeader("x-multi", "b")
                .setBody("id"));
        ClientHttpResponse response = connector
                .connect(HttpMethod.GET, server.url("/id").uri(), request -> request.setComplete())
                .block(Duration.ofSeconds(10));
        assertThat(response.getId()).isEqualTo(response.getId()).isNotBlank();
        assertThat(response.getHeaders().getValuesAsList("X-MULTI")).containsExactly("a", "b");
        org.assertj.core.api.Assertions.assertThatThrownBy(
                        () -> response.getHeaders().add("X-New", "v"))
                .isInstanceOf(UnsupportedOperationException.class);
        response.getBody().map(DataBufferUtils::release).blockLast(Duration.ofSeconds(5));
    }

    @Test
    void aBodyReadToTheEndIsReleasedAgainQuietlyButTwoReadersAtOnceAreRefused() {
        respond(new MockResponse().setBody("once"));
        ClientHttpResponse response = connector
                .connect(HttpMethod.GET, server.url("/once").uri(), request -> request.setComplete())
                .block(Duration.ofSeconds(10));
        Flux<String> reads = response.getBody().map(buffer -> {
            String text = buffer.toString(StandardCharsets.UTF_8);
            DataBufferUtils.release(buffer);
            return text;
        });
        // WebClient releases a body after its handler; inside the handler's end signal it must find nothing left.
        StepVerifier.create(reads.concatWith(
                        response.getBody().map(DataBufferUtils::release).then(Mono.empty())))
                .expectNext("once")
                .verifyComplete();

        respond(new MockResponse().setBody("twice").setBodyDelay(300, TimeUnit.MILLISECONDS));
        ClientHttpResponse slow = connector
                .connect(HttpMethod.GET, server.url("/twice").uri(), request -> request.setComplete())
                .block(Duration.ofSeconds(10));
        Flux<Integer> first = slow.getBody().map(DataBufferUtils::release).map(released -> 1);
        StepVerifier.create(first.mergeWith(
                        slow.getBody().map(DataBufferUtils::release).map(released -> 2)))
                .expectErrorMatches(e ->
                        e instanceof IllegalStateException && e.getMessage().contains("consumed once"))
                .verify(Duration.ofSeconds(5));
    }
}
