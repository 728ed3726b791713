package app;

import com.sun.net.httpserver.HttpServer;
import dev.curlmulti.core.CurlVersion;
import dev.curlmulti.reactor.CurlClient;
import dev.curlmulti.reactor.CurlResponse;

import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.time.Duration;

/** Prints the modules it runs in, then makes one real request through libcurl to a loopback server. */
public final class Main {
    public static void main(String[] args) throws Exception {
        for (String name : new String[] {"dev.curlmulti.core", "dev.curlmulti.reactor", "com.sun.jna"}) {
            Module module = ModuleLayer.boot().findModule(name).orElseThrow();
            System.out.println("module " + module.getName() + " named=" + module.isNamed()
                    + " automatic=" + module.getDescriptor().isAutomatic());
        }
        System.out.println("CurlVersion in " + CurlVersion.class.getModule().getName());
        System.out.println("CurlClient in " + CurlClient.class.getModule().getName());

        HttpServer server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        server.createContext("/", exchange -> {
            byte[] body = "hello from the module path".getBytes(StandardCharsets.UTF_8);
            exchange.sendResponseHeaders(200, body.length);
            exchange.getResponseBody().write(body);
            exchange.close();
        });
        server.start();
        try (CurlClient client = CurlClient.create()) {
            String url = "http://127.0.0.1:" + server.getAddress().getPort() + "/";
            System.out.println("body: "
                    + client.get(url).flatMap(CurlResponse::bodyAsString).block(Duration.ofSeconds(30)));
        } finally {
            server.stop(0);
        }
        CurlVersion version = CurlVersion.current();
        System.out.println("binding: " + version.binding());
        System.out.println("bundled: " + version.bundled());
    }
}
