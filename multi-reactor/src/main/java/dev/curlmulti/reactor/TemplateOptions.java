package dev.curlmulti.reactor;

import dev.curlmulti.core.Curl;
import dev.curlmulti.core.CurlOpt;
import dev.curlmulti.core.CurlShare;
import dev.curlmulti.core.CurlVersion;
import dev.curlmulti.core.loop.HandlePool;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Turns a client's configuration into libcurl options on the template handle every request's
 * handle is duplicated from: set once per client, not per request.
 */
final class TemplateOptions {
    /** The receive buffer ({@code CURLOPT_BUFFERSIZE}) with libcurl 8.7 and later, where a multi handle has one. */
    static final int DEFAULT_RECEIVE_BUFFER = 128 * 1024;

    private static final Logger LOG = LoggerFactory.getLogger(CurlClient.class);
    private static final long CURLPROTO_HTTP = 1;
    private static final long CURLPROTO_HTTPS = 2;

    private TemplateOptions() {}

    /**
     * The client's handle pool: its template holds the client's options; observed clients count
     * sockets, wiretapped ones route libcurl's debug stream to the transfer's handler.
     */
    static HandlePool newPool(ClientConfig config, CurlShare share) {
        java.util.EnumSet<HandlePool.Feature> features = java.util.EnumSet.noneOf(HandlePool.Feature.class);
        if (!config.observers.isEmpty()) {
            features.add(HandlePool.Feature.COUNT_SOCKETS);
        }
        if (WireLog.wanted(config)) {
            features.add(HandlePool.Feature.DEBUG_TO_HANDLER);
        }
        return new HandlePool(template -> apply(template, config), share, 256, features);
    }

    static void apply(Curl c, ClientConfig config) {
        for (ClientSetting<?> setting : ClientSettings.all()) {
            applyToTemplate(c, setting, config);
        }
        // Credentials stay with the host they were given for, also across redirects.
        c.setopt(CurlOpt.UNRESTRICTED_AUTH, false);
        applyAuth(c, config);
        if (!config.resolve.isEmpty()) {
            c.setopt(CurlOpt.RESOLVE, config.resolve);
        }
        if (CurlVersion.current().isAtLeast(8, 7, 0)) {
            // From 8.7 the receive buffer is one per multi handle (a loop), not one per transfer in
            // flight: a larger one costs a loop 128 KiB, not each waiting transfer, and saves
            // seven of eight recv() calls on a big HTTP/1.1 body. Before 8.7, 16 KiB (libcurl's)
            // stays: 10,000 waiting transfers would hold 1.25 GiB. receiveBufferSize overrides.
            c.setopt(CurlOpt.BUFFERSIZE, (long) DEFAULT_RECEIVE_BUFFER);
        }
        // Last: a raw option wins over the setting that would set the same libcurl option.
        for (Map.Entry<CurlOpt, Object> option : config.options.entrySet()) {
            setRaw(c, option.getKey(), option.getValue());
        }
    }

    private static <T> void applyToTemplate(Curl c, ClientSetting<T> setting, ClientConfig config) {
        T value = config.get(setting);
        if (setting.onTemplate != null && value != null) {
            setting.onTemplate.set(c, value, config);
        }
    }

    /** {@code CURLOPT_PROTOCOLS_STR} (a bit mask before 7.85), for requests and redirects alike. */
    static void applyProtocols(Curl c, List<String> schemes, ClientConfig config) {
        if (CurlVersion.current().isAtLeast(7, 85, 0)) {
            String protocols = String.join(",", schemes);
            c.setopt(CurlOpt.PROTOCOLS_STR, protocols);
            c.setopt(CurlOpt.REDIR_PROTOCOLS_STR, protocols);
        } else {
            long mask = protocolMask(schemes);
            c.setopt(CurlOpt.PROTOCOLS, mask);
            c.setopt(CurlOpt.REDIR_PROTOCOLS, mask);
        }
    }

    static void applyPool(Curl c, ConnectionPoolSettings pool, ClientConfig config) {
        if (pool.maxIdleTime() != null) {
            c.setopt(CurlOpt.MAXAGE_CONN, pool.maxIdleTime().getSeconds());
        }
        if (pool.maxLifetime() != null) {
            c.setopt(CurlOpt.MAXLIFETIME_CONN, pool.maxLifetime().getSeconds()); // fails clearly before 7.80
        }
        if (pool.tracksPending() && !CurlVersion.current().isAtLeast(7, 80, 0)) {
            throw new UnsupportedOperationException("maxPendingRequests and pendingTimeout need libcurl 7.80 or newer"
                    + " (CURLOPT_PREREQFUNCTION tells when a request has its connection); this is libcurl "
                    + CurlVersion.current());
        }
    }

    /** Without a proxy of the client's own, and unless it honours the environment's, no proxy at all. */
    static void applyEnvironmentProxy(Curl c, Boolean environmentProxy, ClientConfig config) {
        if (!environmentProxy && config.get(ClientSettings.PROXY) == null) {
            // An empty proxy disables the http_proxy/https_proxy/all_proxy variables libcurl reads.
            c.setopt(CurlOpt.PROXY, "");
        }
    }

    /** {@code proxy} with the client's TLS trust. */
    static void applyProxy(Curl c, ProxyConfig proxy, ClientConfig config) {
        c.setopt(CurlOpt.PROXY, proxy.url());
        if (proxy.username() != null) {
            c.setopt(CurlOpt.PROXYUSERNAME, proxy.username());
            c.setopt(CurlOpt.PROXYPASSWORD, proxy.password() == null ? "" : proxy.password());
        }
        if (!proxy.noProxy().isEmpty()) {
            c.setopt(CurlOpt.NOPROXY, String.join(",", proxy.noProxy()));
        }
        // The proxy's CONNECT reply is not the response: keep it out of the header callback.
        c.setopt(CurlOpt.SUPPRESS_CONNECT_HEADERS, true);
        TlsConfig tls = config.get(ClientSettings.TLS);
        if (tls.caFile != null) {
            c.setopt(CurlOpt.PROXY_CAINFO, tls.caFile.toString());
        } else if (tls.trustedPem != null) {
            c.setopt(CurlOpt.PROXY_CAINFO_BLOB, tls.trustedPem.getBytes(StandardCharsets.US_ASCII));
            c.setopt(CurlOpt.PROXY_CAPATH, (String) null);
        }
    }

    static void applyTls(Curl c, TlsConfig tls, ClientConfig config) {
        if (tls.trustedPem != null) {
            // Exactly these anchors: the blob overrides libcurl's CA file; its CA directory goes too.
            c.setopt(CurlOpt.CAINFO_BLOB, tls.trustedPem.getBytes(StandardCharsets.US_ASCII));
            c.setopt(CurlOpt.CAPATH, (String) null);
        }
        if (tls.caFile != null) {
            c.setopt(CurlOpt.CAINFO, tls.caFile.toString());
        }
        if (tls.caPath != null) {
            c.setopt(CurlOpt.CAPATH, tls.caPath.toString());
        }
        if (tls.certificateFile != null) {
            c.setopt(CurlOpt.SSLCERT, tls.certificateFile.toString());
        }
        if (tls.keyFile != null) {
            c.setopt(CurlOpt.SSLKEY, tls.keyFile.toString());
        }
        if (tls.certificatePem != null) {
            c.setopt(CurlOpt.SSLCERT_BLOB, tls.certificatePem.getBytes(StandardCharsets.US_ASCII));
            c.setopt(CurlOpt.SSLCERTTYPE, "PEM");
            c.setopt(CurlOpt.SSLKEY_BLOB, tls.keyPem.getBytes(StandardCharsets.US_ASCII));
            c.setopt(CurlOpt.SSLKEYTYPE, "PEM");
        }
        if (tls.keyPassword != null) {
            c.setopt(CurlOpt.KEYPASSWD, tls.keyPassword);
        }
        if (tls.pinnedPublicKey != null) {
            c.setopt(CurlOpt.PINNEDPUBLICKEY, tls.pinnedPublicKey);
        }
        if (tls.minVersion != null || tls.maxVersion != null) {
            long min = tls.minVersion == null ? TlsVersion.TLS_1_2.curlValue() : tls.minVersion.curlValue();
            c.setopt(CurlOpt.SSLVERSION, min | (tls.maxVersion == null ? 0 : tls.maxVersion.curlMaxValue()));
        }
        if (tls.ciphers != null) {
            if (!tls.ciphers.upToTls12().isEmpty()) {
                c.setopt(CurlOpt.SSL_CIPHER_LIST, String.join(":", tls.ciphers.upToTls12()));
            }
            if (!tls.ciphers.tls13().isEmpty()) {
                c.setopt(CurlOpt.TLS13_CIPHERS, String.join(":", tls.ciphers.tls13()));
            }
        }
    }

    /** Verification OFF, loudly: a warning each time a client with it is built. */
    static void applyInsecure(Curl c, Boolean insecure, ClientConfig config) {
        if (insecure) {
            LOG.warn("TLS certificate and host name verification is OFF for this CurlClient: any server can "
                    + "impersonate any host. Use only against test servers.");
            c.setopt(CurlOpt.SSL_VERIFYPEER, false);
            c.setopt(CurlOpt.SSL_VERIFYHOST, 0L);
            c.setopt(CurlOpt.PROXY_SSL_VERIFYPEER, false);
            c.setopt(CurlOpt.PROXY_SSL_VERIFYHOST, 0L);
        }
    }

    private static void applyAuth(Curl c, ClientConfig config) {
        switch (config.authScheme) {
            case BASIC, DIGEST -> {
                c.setopt(CurlOpt.USERNAME, config.username);
                c.setopt(CurlOpt.PASSWORD, config.password);
                c.setopt(CurlOpt.HTTPAUTH, config.authScheme == ClientConfig.AuthScheme.BASIC ? 1L : 2L);
            }
            case BEARER -> {
                c.setopt(CurlOpt.XOAUTH2_BEARER, config.bearerToken);
                c.setopt(CurlOpt.HTTPAUTH, 1L << 6);
            }
            default -> {}
        }
    }

    @SuppressWarnings("unchecked")
    static void setRaw(Curl c, CurlOpt option, Object value) {
        if (value instanceof Boolean b) {
            c.setopt(option, b);
        } else if (value instanceof Number n) {
            c.setopt(option, n.longValue());
        } else if (value instanceof String s) {
            c.setopt(option, s);
        } else if (value instanceof byte[] bytes) {
            c.setopt(option, bytes);
        } else if (value instanceof List<?> list) {
            c.setopt(option, (List<String>) list);
        } else {
            throw new IllegalArgumentException(option.cName() + ": unsupported value type "
                    + (value == null ? "null" : value.getClass().getName()));
        }
    }

    private static long protocolMask(List<String> protocols) {
        long mask = 0;
        for (String protocol : protocols) {
            switch (protocol) {
                case "http" -> mask |= CURLPROTO_HTTP;
                case "https" -> mask |= CURLPROTO_HTTPS;
                default ->
                    throw new IllegalArgumentException(
                            "libcurl older than 7.85 can only be limited to http/https here: " + protocol);
            }
        }
        return mask;
    }
}
