package dev.curlmulti.bench.clients;

import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The WebSocket clients of {@code bin/bench-websocket} by name: ours on the client's default loops
 * ({@code curl-ws}) or on N loops ({@code curl-ws-1loop}, {@code curl-ws-Nloops}), and Reactor Netty's,
 * named for the generation their worker's class path must hold ({@code reactor-netty-1.2-ws},
 * {@code reactor-netty-1.3-ws}).
 */
public final class WebSocketEchoClients {
    private static final Pattern REACTOR_NETTY = Pattern.compile("reactor-netty-(1\\.[23])-ws");
    private static final Pattern CURL_LOOPS = Pattern.compile("curl-ws-([1-9][0-9]*)loops?");

    private WebSocketEchoClients() {}

    /**
     * The client named {@code name}: curl-ws (the client's default loops), curl-ws-1loop,
     * curl-ws-Nloops (N loops), reactor-netty-1.2-ws or reactor-netty-1.3-ws; a Reactor Netty client
     * refuses to start on a class path with another Reactor Netty than its name says.
     */
    public static WebSocketEchoClient create(String name) {
        if (name.equals("curl-ws")) {
            return new CurlWebSocketEcho(null);
        }
        Matcher netty = REACTOR_NETTY.matcher(name);
        if (netty.matches()) {
            Libraries.require(name, "reactor-netty", netty.group(1) + ".");
            return new ReactorNettyWebSocketEcho();
        }
        return new CurlWebSocketEcho(loops(name));
    }

    /** The N of curl-ws-1loop or curl-ws-Nloops. */
    public static int loops(String name) {
        Matcher matcher = CURL_LOOPS.matcher(name);
        if (!matcher.matches()) {
            throw new IllegalArgumentException("unknown WebSocket client " + name + "; known: curl-ws, curl-ws-1loop,"
                    + " curl-ws-Nloops, reactor-netty-1.2-ws (or reactor-netty-ws), reactor-netty-1.3-ws");
        }
        return Integer.parseInt(matcher.group(1));
    }
}
