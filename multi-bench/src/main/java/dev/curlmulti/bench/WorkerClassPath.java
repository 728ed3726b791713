package dev.curlmulti.bench;

import java.io.File;
import java.io.IOException;
import java.io.InputStream;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Map;

/**
 * The class path a client's worker JVM runs on. Most clients run on this JVM's own (Reactor Netty
 * 1.2 on Netty 4.1, Spring 6.2); reactor-netty-1.3, reactor-netty-1.3-ws ({@code bin/bench-websocket})
 * and the Spring 7 WebClient clients run this module's classes on a list of jars of their own
 * (Reactor Netty 1.3 on Netty 4.2, Spring 7), so two
 * generations of one library never share a JVM. Each list is built by a module of
 * {@code multi-bench-classpaths} and reaches this JVM as a resource, with none of its jars.
 */
final class WorkerClassPath {
    /** The clients that run on a list of their own, and the list's name. */
    static final Map<String, String> SEPARATE = Map.of(
            "reactor-netty-1.3", "reactor-netty-1.3",
            "reactor-netty-1.3-ws", "reactor-netty-1.3",
            "webclient-netty-spring7", "spring7",
            "webclient-curl-spring7", "spring7");

    private WorkerClassPath() {}

    /** The class path for {@code client}'s worker. */
    static String of(String client) {
        String list = SEPARATE.get(client);
        return list == null ? System.getProperty("java.class.path") : ownClasses() + File.pathSeparator + list(list);
    }

    /** The jars of list {@code name}, separated by the path separator, as its module's build wrote them. */
    static String list(String name) {
        String resource = "/dev/curlmulti/bench/classpath/" + name + ".txt";
        try (InputStream in = WorkerClassPath.class.getResourceAsStream(resource)) {
            if (in == null) {
                throw new IllegalStateException("no " + resource + " on the class path: build multi-bench-classpaths "
                        + "with multi-bench (bin/bench does: mvn package -pl multi-bench -am)");
            }
            return new String(in.readAllBytes(), StandardCharsets.UTF_8).trim();
        } catch (IOException e) {
            throw new IllegalStateException("cannot read " + resource, e);
        }
    }

    /** Where this module's classes are: its classes directory, or its jar. */
    private static String ownClasses() {
        try {
            return Path.of(Worker.class
                            .getProtectionDomain()
                            .getCodeSource()
                            .getLocation()
                            .toURI())
                    .toString();
        } catch (URISyntaxException e) {
            throw new IllegalStateException(e);
        }
    }
}
