package dev.curlmulti.core.testing;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;

/**
 * Debian's caddy on loopback, serving {@code https://localhost:PORT} over HTTP/1.1, HTTP/2 and
 * (unless asked not to) HTTP/3 on the same UDP port, with a certificate from caddy's own local CA
 * ({@code tls internal}; {@link #rootCertificate()} is the CA to trust). Files come from
 * {@link #www()}; paths under {@code /dynamic/} go to a backend on {@code backendPort} over
 * HTTP/1.1 ({@code reverse_proxy}), for uploads and slow answers. Everything (config, storage,
 * logs) lives in a temporary directory removed by {@link #close()}, which stops caddy.
 */
public final class Caddy implements AutoCloseable {
    private final Path directory;
    private final Path www;
    private final int port;
    private final Process process;

    /**
     * @param backendPort the HTTP/1.1 server behind {@code /dynamic/}, or 0 for none
     * @param http3       whether to offer HTTP/3 (false: HTTP/1.1 and HTTP/2 only, for fallback tests)
     */
    public Caddy(int backendPort, boolean http3) {
        try {
            directory = Files.createTempDirectory("curl-multi-caddy");
            www = Files.createDirectories(directory.resolve("www"));
            port = freePort();
            Path config = directory.resolve("Caddyfile");
            Files.writeString(config, config(backendPort, http3));
            ProcessBuilder builder = new ProcessBuilder(
                            binary(), "run", "--config", config.toString(), "--adapter", "caddyfile")
                    .redirectErrorStream(true)
                    .redirectOutput(directory.resolve("caddy.log").toFile());
            builder.environment().put("HOME", directory.toString());
            builder.environment()
                    .put("XDG_DATA_HOME", directory.resolve("xdg-data").toString());
            builder.environment()
                    .put("XDG_CONFIG_HOME", directory.resolve("xdg-config").toString());
            process = builder.start();
            awaitReady();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static String binary() {
        for (String candidate : new String[] {"/usr/bin/caddy", "/usr/local/bin/caddy"}) {
            if (Files.isExecutable(Path.of(candidate))) {
                return candidate;
            }
        }
        throw new IllegalStateException("caddy is not installed: run bin/ensure-prerequisites (bin/test does)");
    }

    private String config(int backendPort, boolean http3) throws IOException {
        String dynamic = backendPort == 0 ? "" : """
                	handle /dynamic/* {
                		reverse_proxy 127.0.0.1:%d {
                			flush_interval -1
                		}
                	}
                """.formatted(backendPort);
        return """
                {
                	admin off
                	skip_install_trust
                	local_certs
                	http_port %d
                	https_port %d
                	auto_https disable_redirects
                	default_sni localhost
                	storage file_system {
                		root %s
                	}
                	servers {
                		protocols %s
                	}
                }
                https://localhost:%d {
                	tls internal
                %s	handle {
                		root * %s
                		file_server
                	}
                }
                """.formatted(
                        freePort(), port, directory.resolve("data"), http3 ? "h1 h2 h3" : "h1 h2", port, dynamic, www);
    }

    /** The directory caddy serves files from. */
    public Path www() {
        return www;
    }

    /** {@code https://localhost:PORT/path}. */
    public String url(String path) {
        return "https://localhost:" + port + (path.startsWith("/") ? path : "/" + path);
    }

    public int port() {
        return port;
    }

    /** The caddy process's id (to pin it to a core in a benchmark). */
    public long pid() {
        return process.pid();
    }

    /** The root certificate of caddy's local CA (PEM), which signed the site's certificate. */
    public Path rootCertificate() {
        return directory.resolve("data/pki/authorities/local/root.crt");
    }

    /** Stops caddy at once (its connections die with it), keeping the directory until {@link #close()}. */
    public void kill() {
        process.destroyForcibly();
        try {
            process.waitFor(5, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    @Override
    public void close() {
        kill();
        try (var files = Files.walk(directory)) {
            files.sorted(java.util.Comparator.reverseOrder())
                    .forEach(path -> path.toFile().delete());
        } catch (IOException ignored) {
            // a temp directory left behind is harmless
        }
    }

    private void awaitReady() throws IOException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(20);
        while (true) {
            if (Files.exists(rootCertificate()) && listening()) {
                return;
            }
            if (!process.isAlive() || System.nanoTime() > deadline) {
                throw new IOException("caddy did not start on port " + port + ": "
                        + Files.readString(directory.resolve("caddy.log")));
            }
            try {
                Thread.sleep(50);
            } catch (InterruptedException interrupted) {
                Thread.currentThread().interrupt();
                throw new IOException("interrupted", interrupted);
            }
        }
    }

    private boolean listening() {
        try (Socket socket = new Socket()) {
            socket.connect(new InetSocketAddress(InetAddress.getLoopbackAddress(), port), 200);
            return true;
        } catch (IOException e) {
            return false;
        }
    }

    private static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return socket.getLocalPort();
        }
    }
}
