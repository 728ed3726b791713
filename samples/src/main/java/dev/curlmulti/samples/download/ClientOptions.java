package dev.curlmulti.samples.download;

import dev.curlmulti.core.CurlOpt;
import dev.curlmulti.reactor.CurlClient;
import dev.curlmulti.reactor.HttpVersion;
import dev.curlmulti.reactor.ProxyConfig;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.UnaryOperator;
import picocli.CommandLine.Option;

/**
 * The options that shape every request: headers, a cookie file, credentials from the environment,
 * a proxy and the HTTP version. Secrets come only from environment variables, never from the
 * command line (which other users can read in the process list). Credentials go to the client
 * (libcurl's {@code CURLOPT_USERNAME}/{@code XOAUTH2_BEARER}), which sends them only to the host of
 * the URL, not to another host a redirect leads to. Filled by picocli, then applied once by
 * {@link #configure}.
 */
final class ClientOptions {
    /** A command-line value that cannot be used; the program exits 2 with its message. */
    static final class UsageException extends Exception {
        private static final long serialVersionUID = 1L;

        UsageException(String message) {
            super(message);
        }
    }

    @Option(
            names = {"-H", "--header"},
            paramLabel = "'NAME: VALUE'",
            description = "a request header for every file (repeatable); sent on redirects too, as curl's -H")
    List<String> headers = new ArrayList<>();

    @Option(
            names = "--cookie-file",
            paramLabel = "FILE",
            description = "cookies to send, from a Netscape-format cookie file (as curl -b FILE)")
    Path cookieFile;

    @Option(
            names = "--user-env",
            paramLabel = "VAR",
            description = "basic auth: the environment variable VAR holds user:password")
    String userEnv;

    @Option(
            names = "--bearer-env",
            paramLabel = "VAR",
            description = "bearer auth: the environment variable VAR holds the token")
    String bearerEnv;

    @Option(
            names = "--proxy",
            paramLabel = "URL",
            description = "the proxy for every request (http://, https://, socks5h://...)")
    String proxy;

    @Option(names = "--http1", description = "HTTP/1.1 only")
    boolean http1;

    @Option(names = "--http2", description = "HTTP/2, also on http:// by upgrade (default: HTTP/2 on https://)")
    boolean http2;

    @Option(names = "--http3", description = "HTTP/3 over QUIC with fallback (needs a libcurl with HTTP/3)")
    boolean http3;

    /** Applies these options to {@code builder}, reading credentials with {@code env}. */
    CurlClient.Builder configure(CurlClient.Builder builder, UnaryOperator<String> env) throws UsageException {
        int versions = (http1 ? 1 : 0) + (http2 ? 1 : 0) + (http3 ? 1 : 0);
        if (versions > 1) {
            throw new UsageException("choose one of --http1, --http2, --http3");
        }
        builder.httpVersion(
                http1
                        ? HttpVersion.HTTP_1_1
                        : http2 ? HttpVersion.HTTP_2 : http3 ? HttpVersion.HTTP_3 : HttpVersion.HTTP_2_TLS);
        for (String header : headers) {
            Map.Entry<String, String> parsed = parse(header);
            builder.defaultHeader(parsed.getKey(), parsed.getValue());
        }
        if (cookieFile != null) {
            if (!Files.isReadable(cookieFile)) {
                throw new UsageException("--cookie-file: cannot read " + cookieFile);
            }
            // libcurl reads the file into the client's shared jar; it never writes it back.
            builder.cookies(true)
                    .option(CurlOpt.COOKIEFILE, cookieFile.toAbsolutePath().toString());
        }
        if (userEnv != null && bearerEnv != null) {
            throw new UsageException("choose one of --user-env, --bearer-env");
        }
        if (userEnv != null) {
            String value = secret(env, userEnv, "--user-env");
            int colon = value.indexOf(':');
            if (colon < 0) {
                throw new UsageException("--user-env: $" + userEnv + " must hold user:password");
            }
            builder.basicAuth(value.substring(0, colon), value.substring(colon + 1));
        }
        if (bearerEnv != null) {
            builder.bearerToken(secret(env, bearerEnv, "--bearer-env"));
        }
        if (proxy != null) {
            if (!proxy.contains("://")) {
                throw new UsageException("--proxy takes a URL (http://host:port, socks5h://host:port): " + proxy);
            }
            builder.proxy(ProxyConfig.of(proxy));
        }
        return builder;
    }

    private static Map.Entry<String, String> parse(String header) throws UsageException {
        try {
            return Headers.parse(header);
        } catch (IllegalArgumentException e) {
            throw new UsageException("-H: " + e.getMessage());
        }
    }

    private static String secret(UnaryOperator<String> env, String variable, String option) throws UsageException {
        String value = env.apply(variable);
        if (value == null || value.isEmpty()) {
            throw new UsageException(option + ": the environment variable " + variable + " is not set");
        }
        if (value.indexOf('\r') >= 0 || value.indexOf('\n') >= 0) {
            throw new UsageException(option + ": $" + variable + " must not contain CR or LF");
        }
        return value;
    }
}
