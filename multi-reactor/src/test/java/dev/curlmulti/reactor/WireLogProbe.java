package dev.curlmulti.reactor;

import java.net.InetAddress;
import java.time.Duration;
import okhttp3.mockwebserver.MockResponse;
import okhttp3.mockwebserver.MockWebServer;

/**
 * Run by {@link WireLogTest} in a child JVM whose SLF4J level it chooses: one GET with credentials
 * and a cookie, and one POST with a body, through a client with the wiretap on or off ({@code args[0]}).
 */
public final class WireLogProbe {
    private WireLogProbe() {}

    public static void main(String[] args) throws Exception {
        boolean wiretap = Boolean.parseBoolean(args[0]);
        try (MockWebServer server = new MockWebServer()) {
            server.enqueue(new MockResponse()
                    .setBody("response-body-" + "b".repeat(3000))
                    .addHeader("Set-Cookie", "session=server-secret; Path=/"));
            server.enqueue(new MockResponse().setBody("posted"));
            server.start(InetAddress.getLoopbackAddress(), 0);
            try (CurlClient client = CurlClient.builder()
                    .loops(1)
                    .wiretap(wiretap)
                    .bearerToken("token-secret")
                    .build()) {
                client.request(CurlRequest.builder(server.url("/secret-page").toString())
                                .header("Cookie", "jar=cookie-secret")
                                .header("X-Plain", "visible")
                                .build())
                        .flatMap(CurlResponse::bodyAsString)
                        .block(Duration.ofSeconds(10));
                client.request(CurlRequest.post(
                                server.url("/form").toString(), RequestBody.ofString("request-body-text")))
                        .flatMap(CurlResponse::bodyAsString)
                        .block(Duration.ofSeconds(10));
            }
        }
        System.out.println("probe done");
    }
}
