package dev.curlmulti.bench.clients;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The versions of the libraries the clients are built on, as this JVM loaded them. A worker
 * reports them (its class path may not be the bench JVM's: see {@code WorkerClassPath}), and a
 * client named for a version refuses to start on another one, so a report row can never be Reactor
 * Netty 1.2 under the name reactor-netty-1.3.
 */
public final class Libraries {
    /** Each library by its short id (how workers report it): its name in the report and a class of its own. */
    private static final Map<String, List<String>> LIBRARIES = new LinkedHashMap<>();

    static {
        LIBRARIES.put(
                "spring", List.of("Spring Framework", "org.springframework.web.reactive.function.client.WebClient"));
        LIBRARIES.put("reactor-netty", List.of("Reactor Netty", "reactor.netty.http.client.HttpClient"));
        LIBRARIES.put("netty", List.of("Netty", "io.netty.channel.Channel"));
        LIBRARIES.put("reactor-core", List.of("Reactor Core", "reactor.core.publisher.Flux"));
        LIBRARIES.put("jetty", List.of("Jetty", "org.eclipse.jetty.client.HttpClient"));
    }

    private Libraries() {}

    /** Library id to version, for each library of {@link #LIBRARIES} on this JVM's class path. */
    public static Map<String, String> loaded() {
        Map<String, String> versions = new LinkedHashMap<>();
        LIBRARIES.forEach((id, library) -> {
            try {
                versions.put(id, version(Class.forName(library.get(1), false, Libraries.class.getClassLoader())));
            } catch (ClassNotFoundException | LinkageError absent) {
                // not on this class path
            }
        });
        return versions;
    }

    /** A worker's answer to {@code versions} ({@code ID=VERSION} fields) as library id to version. */
    public static Map<String, String> parse(String[] fields) {
        Map<String, String> versions = new LinkedHashMap<>();
        for (String field : fields) {
            int equals = field.indexOf('=');
            if (equals > 0) {
                versions.put(field.substring(0, equals), field.substring(equals + 1));
            }
        }
        return versions;
    }

    /** The library's name for the report: {@code reactor-netty} is "Reactor Netty". */
    public static String name(String id) {
        List<String> library = LIBRARIES.get(id);
        return library == null ? id : library.get(0);
    }

    /**
     * The library ids worth naming beside {@code client} in the report: what it is built on, not
     * everything its class path happens to hold.
     */
    public static List<String> of(String client) {
        if (client.startsWith("reactor-netty")) {
            return List.of("reactor-netty", "netty");
        }
        if (client.startsWith("webclient-netty")) {
            return List.of("spring", "reactor-netty", "netty");
        }
        if (client.startsWith("webclient-curl")) {
            return List.of("spring", "reactor-core");
        }
        if (client.startsWith("curl")) {
            return List.of("reactor-core");
        }
        return client.equals("jetty") ? List.of("jetty") : List.of();
    }

    /** Throws unless library {@code id} is loaded at a version starting with {@code prefix}. */
    static void require(String client, String id, String prefix) {
        String version = loaded().get(id);
        if (version == null || !version.startsWith(prefix)) {
            throw new IllegalStateException(client + " needs " + name(id) + " " + prefix + "x on its class path, found "
                    + (version == null ? "none" : version) + " (bin/bench runs its worker on a class path of its own)");
        }
    }

    /** The version in the jar's manifest, else the one in the jar's file name. */
    public static String version(Class<?> type) {
        String version = type.getPackage().getImplementationVersion();
        if (version != null) {
            return version;
        }
        String jar = type.getProtectionDomain().getCodeSource().getLocation().getPath();
        return jar.replaceAll(".*/[a-z-]+-([0-9][^/]*)\\.jar$", "$1");
    }
}
