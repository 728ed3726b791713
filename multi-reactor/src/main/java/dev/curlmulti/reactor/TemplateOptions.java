package dev.curlmulti.reactor;

import dev.curlmulti.core.Curl;
import dev.curlmulti.core.CurlOpt;
import dev.curlmulti.core.CurlVersion;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.List;
import java.util.Map;

/**
 * Turns a client's configuration into libcurl options on the template handle every request's
 * handle is duplicated from: set once per client, not per request.
 */
final class TemplateOptions {
    private static final Logger LOG = LoggerFactory.getLogger(CurlClient.class);
    private static final long CURLPROTO_HTTP = 1;
    private static final long CURLPROTO_HTTPS = 2;

    private TemplateOptions() {
    }

    static void apply(Curl c, ClientConfig config) {
        boolean modern = CurlVersion.current().isAtLeast(7, 85, 0);
        String protocols = String.join(",", config.protocols);
        if (modern) {
            c.setopt(CurlOpt.PROTOCOLS_STR, protocols);
            c.setopt(CurlOpt.REDIR_PROTOCOLS_STR, protocols);
        } else {
            long mask = protocolMask(config.protocols);
            c.setopt(CurlOpt.PROTOCOLS, mask);
            c.setopt(CurlOpt.REDIR_PROTOCOLS, mask);
        }
        c.setopt(CurlOpt.HTTP_VERSION, config.httpVersion.curlValue());
        if (config.connectTimeout != null) {
            c.setopt(CurlOpt.CONNECTTIMEOUT_MS, config.connectTimeout.toMillis());
        }
        if (config.maxRedirects > 0) {
            c.setopt(CurlOpt.FOLLOWLOCATION, true);
            c.setopt(CurlOpt.MAXREDIRS, config.maxRedirects);
        }
        // Credentials stay with the host they were given for, also across redirects.
        c.setopt(CurlOpt.UNRESTRICTED_AUTH, false);
        if (config.compression) {
            c.setopt(CurlOpt.ACCEPT_ENCODING, "");
        }
        applyProxy(c, config);
        applyTls(c, config);
        if (config.cookies) {
            c.setopt(CurlOpt.COOKIEFILE, "");
        }
        applyAuth(c, config);
        if (config.userAgent != null) {
            c.setopt(CurlOpt.USERAGENT, config.userAgent);
        }
        if (!config.resolve.isEmpty()) {
            c.setopt(CurlOpt.RESOLVE, config.resolve);
        }
        if (config.unixSocket != null) {
            c.setopt(CurlOpt.UNIX_SOCKET_PATH, config.unixSocket.toString());
        }
        for (Map.Entry<CurlOpt, Object> option : config.options.entrySet()) {
            setRaw(c, option.getKey(), option.getValue());
        }
    }

    private static void applyProxy(Curl c, ClientConfig config) {
        ProxyConfig proxy = config.proxy;
        if (proxy != null) {
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
            if (config.caFile != null) {
                c.setopt(CurlOpt.PROXY_CAINFO, config.caFile.toString());
            }
        } else if (!config.environmentProxy) {
            // An empty proxy disables the http_proxy/https_proxy/all_proxy variables libcurl reads.
            c.setopt(CurlOpt.PROXY, "");
        }
    }

    private static void applyTls(Curl c, ClientConfig config) {
        if (config.caFile != null) {
            c.setopt(CurlOpt.CAINFO, config.caFile.toString());
        }
        if (config.caPath != null) {
            c.setopt(CurlOpt.CAPATH, config.caPath.toString());
        }
        if (config.clientCertificate != null) {
            c.setopt(CurlOpt.SSLCERT, config.clientCertificate.toString());
        }
        if (config.clientKey != null) {
            c.setopt(CurlOpt.SSLKEY, config.clientKey.toString());
        }
        if (config.clientKeyPassword != null) {
            c.setopt(CurlOpt.KEYPASSWD, config.clientKeyPassword);
        }
        if (config.pinnedPublicKey != null) {
            c.setopt(CurlOpt.PINNEDPUBLICKEY, config.pinnedPublicKey);
        }
        if (config.minTlsVersion != null) {
            c.setopt(CurlOpt.SSLVERSION, config.minTlsVersion.curlValue());
        }
        if (config.insecure) {
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
            default -> {
            }
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
                default -> throw new IllegalArgumentException("libcurl older than 7.85 can only be limited to http/https here: "
                        + protocol);
            }
        }
        return mask;
    }
}
