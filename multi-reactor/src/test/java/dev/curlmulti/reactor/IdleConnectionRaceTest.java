package dev.curlmulti.reactor;

import static org.assertj.core.api.Assertions.assertThat;

import dev.curlmulti.core.CurlException;
import dev.curlmulti.core.testing.NoLeakedHandles;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Function;
import java.util.function.UnaryOperator;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.ExtendWith;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

/**
 * The default idle limit against a server that drops connections idle for 60 s, as AWS's ALB and
 * Tomcat do: after idle gaps on both sides of the client's limit and of the server's, no request
 * fails, and connections are reused exactly while that is safe; with libcurl's own 118 s the same
 * streamed POST fails. A request that reaches the server in the last stretch before its close is
 * read and dropped unanswered ({@link IdleClosingServer}), as one crossing the close on the wire.
 *
 * <p>The default run is scaled to seconds (client limit 1 s, server close 3.8 s, about 4 s); the
 * real one takes a minute: {@code -Dcurlmulti.idleRace=real} runs the client's true defaults against
 * a 60 s server. Each gap runs on its own client and server, all at once.
 */
@ExtendWith(NoLeakedHandles.class)
@Timeout(180)
class IdleConnectionRaceTest {
    /**
     * @param clientMaxIdle the client's limit, or null: the client's default
     * @param lostAfter     a request on a connection idle this long is dropped unanswered
     * @param closeAfter    the server closes a connection idle this long
     * @param shortGap      below the client's limit: the connection must be reused
     * @param raceGap       beyond the client's limit (libcurl 7.88 counts whole seconds, so a limit of
     *                      n s reuses up to n + 1 s), inside [lostAfter, closeAfter)
     */
    private record Scale(
            Duration clientMaxIdle, Duration lostAfter, Duration closeAfter, Duration shortGap, Duration raceGap) {
        static Scale chosen() {
            if ("real".equals(System.getProperty("curlmulti.idleRace"))) {
                return new Scale(
                        null,
                        Duration.ofSeconds(55),
                        Duration.ofSeconds(60),
                        Duration.ofSeconds(25),
                        Duration.ofMillis(57_500));
            }
            return new Scale(
                    Duration.ofSeconds(1),
                    Duration.ofMillis(2_400),
                    Duration.ofMillis(3_800),
                    Duration.ofMillis(300),
                    Duration.ofMillis(3_000));
        }
    }

    /** What one scenario saw: the connection of each request (0: failed) and the second one's error. */
    private record Outcome(int first, int second, Throwable error, int lost, int connections) {}

    private static final byte[] PAYLOAD = "{\"order\":42}".getBytes(StandardCharsets.UTF_8);

    @Test
    void noRequestFailsAfterAnyIdleGapAndOnlySafeConnectionsAreReused() throws Exception {
        Scale scale = Scale.chosen();
        UnaryOperator<ConnectionPoolSettings> ours = scale.clientMaxIdle() == null
                ? UnaryOperator.identity()
                : p -> p.withMaxIdleTime(scale.clientMaxIdle());
        UnaryOperator<ConnectionPoolSettings> libcurls = ConnectionPoolSettings::withLibcurlMaxIdleTime;
        Function<IdleClosingServer, Mono<Void>> shortGap =
                server -> Mono.delay(scale.shortGap()).then();
        Function<IdleClosingServer, Mono<Void>> raceGap =
                server -> Mono.delay(scale.raceGap()).then();
        Function<IdleClosingServer, Mono<Void>> pastClose = server -> Mono.fromFuture(server.idleClosed(1));

        List<Scenario> scenarios = List.of(
                new Scenario(ours, shortGap, true),
                new Scenario(ours, raceGap, true),
                new Scenario(ours, pastClose, true),
                new Scenario(libcurls, raceGap, true),
                new Scenario(libcurls, raceGap, false),
                new Scenario(libcurls, pastClose, true));
        List<IdleClosingServer> servers = new ArrayList<>();
        List<CurlClient> clients = new ArrayList<>();
        List<Outcome> outcomes;
        try {
            List<Mono<Outcome>> runs = new ArrayList<>();
            for (Scenario scenario : scenarios) {
                IdleClosingServer server = new IdleClosingServer(scale.lostAfter(), scale.closeAfter());
                servers.add(server);
                CurlClient client = CurlClient.builder()
                        .loops(1)
                        .connectionPool(scenario.pool())
                        .build();
                clients.add(client);
                runs.add(scenario.run(client, server));
            }
            outcomes = Flux.mergeSequential(runs)
                    .collectList()
                    .block(scale.closeAfter().plusSeconds(60));
        } finally {
            clients.forEach(CurlClient::close);
            for (IdleClosingServer server : servers) {
                server.close();
            }
        }

        assertThat(outcomes.get(0))
                .as("below the client's limit: the connection is reused")
                .isEqualTo(new Outcome(1, 1, null, 0, 1));
        assertThat(outcomes.get(1))
                .as("past the client's limit, where the server drops requests: a new connection, no failure")
                .isEqualTo(new Outcome(1, 2, null, 0, 2));
        assertThat(outcomes.get(2))
                .as("past the server's close: a new connection")
                .isEqualTo(new Outcome(1, 2, null, 0, 2));
        Outcome streamed = outcomes.get(3);
        assertThat(streamed.lost())
                .as("libcurl's 118 s reuses the connection the server drops")
                .isEqualTo(1);
        assertThat(streamed.error())
                .as("and a streamed body cannot be sent again")
                .isInstanceOfSatisfying(
                        CurlException.class, e -> assertThat(e.codeName()).isEqualTo("CURLE_SEND_FAIL_REWIND"));
        assertThat(outcomes.get(4))
                .as("an in-memory body libcurl sends again on a new connection by itself")
                .isEqualTo(new Outcome(1, 2, null, 1, 2));
        assertThat(outcomes.get(5))
                .as("a connection the server has closed is not reused, even by libcurl's limit")
                .isEqualTo(new Outcome(1, 2, null, 0, 2));
    }

    @Test
    void theDefaultIsThirtySecondsAndLibcurlsOwnCanBeAskedFor() {
        try (CurlClient client = CurlClient.create();
                CurlClient asLibcurl = client.mutate()
                        .connectionPool(ConnectionPoolSettings::withLibcurlMaxIdleTime)
                        .build()) {
            assertThat(client.setting(ClientSettings.CONNECTION_POOL).maxIdleTime())
                    .isEqualTo(ConnectionPoolSettings.DEFAULT_MAX_IDLE_TIME)
                    .isEqualTo(Duration.ofSeconds(30));
            assertThat(asLibcurl.setting(ClientSettings.CONNECTION_POOL).maxIdleTime())
                    .as("null: CURLOPT_MAXAGE_CONN left to libcurl")
                    .isNull();
        }
        assertThat(ConnectionPoolSettings.DEFAULT
                        .withMaxIdleTime(Duration.ofSeconds(90))
                        .withLibcurlMaxIdleTime()
                        .withMaxPendingRequests(3))
                .isEqualTo(new ConnectionPoolSettings(null, null, 3, null, null));
    }

    /**
     * A GET, then {@code gap}, then a POST (streamed or in memory) that must get {@code ok}, on a
     * client of its own with {@code pool}, against a server of its own.
     */
    private record Scenario(
            UnaryOperator<ConnectionPoolSettings> pool, Function<IdleClosingServer, Mono<Void>> gap, boolean streamed) {
        Mono<Outcome> run(CurlClient client, IdleClosingServer server) {
            return client.request(CurlRequest.get(server.url("/first")))
                    .flatMap(IdleConnectionRaceTest::connectionOf)
                    .flatMap(first -> gap.apply(server)
                            .then(client.request(post(server.url("/order"), streamed)))
                            .flatMap(IdleConnectionRaceTest::connectionOf)
                            .map(second -> new Outcome(first, second, null, 0, 0))
                            .onErrorResume(e -> Mono.just(new Outcome(first, 0, e, 0, 0))))
                    .map(o -> new Outcome(o.first(), o.second(), o.error(), server.lost(), server.connections()));
        }
    }

    private static CurlRequest post(String url, boolean streamed) {
        RequestBody body = streamed
                ? RequestBody.ofPublisher(Mono.fromSupplier(() -> ByteBuffer.wrap(PAYLOAD)), PAYLOAD.length)
                : RequestBody.ofBytes(PAYLOAD);
        return CurlRequest.builder(url)
                .method("POST")
                .header("Content-Type", "application/json")
                .body(body)
                .build();
    }

    /** The server's connection number for this response, once its body ({@code ok}) has arrived. */
    private static Mono<Integer> connectionOf(CurlResponse response) {
        int id = Integer.parseInt(response.headers().first("X-Connection"));
        return response.bodyAsString().map(body -> {
            assertThat(body).isEqualTo("ok");
            return id;
        });
    }
}
