package app;

import dev.curlmulti.core.CurlVersion;
import dev.curlmulti.reactor.CurlClient;
import dev.curlmulti.reactor.CurlResponse;
import dev.curlmulti.reactor.HttpVersion;

import java.nio.file.Path;
import java.time.Duration;

/** Args: an https URL on caddy, caddy's root certificate, a ws:// echo URL. */
public final class Main {
    public static void main(String[] args) {
        CurlVersion libcurl = CurlVersion.current();
        System.out.println("libcurl " + libcurl.version() + " bundled=" + libcurl.bundled()
                + " http3=" + libcurl.hasFeature("HTTP3"));
        Duration wait = Duration.ofSeconds(20);
        try (CurlClient client = CurlClient.builder().httpVersion(HttpVersion.HTTP_3_ONLY)
                .caFile(Path.of(args[1])).build()) {
            CurlResponse response = client.get(args[0]).block(wait);
            String body = response.bodyAsString().block(wait);
            System.out.println(response.httpVersion() + " " + response.status() + " " + body);
        }
        try (CurlClient client = CurlClient.builder().build()) {
            String echoed = client.websocket(args[2])
                    .flatMap(ws -> ws.sendText("hello from a new project").then(ws.receive().next())
                            .flatMap(message -> ws.close().thenReturn(message.text())))
                    .block(wait);
            System.out.println("websocket echoed: " + echoed);
        }
    }
}
