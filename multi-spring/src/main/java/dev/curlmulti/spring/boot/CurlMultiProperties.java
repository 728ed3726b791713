package dev.curlmulti.spring.boot;

import java.time.Duration;
import org.springframework.boot.context.properties.ConfigurationProperties;

/**
 * {@code curl.multi.*}: the settings of the auto-configured {@code CurlClient} that Spring Boot has
 * no name for. Boot's own HTTP client properties apply on top (connect and read timeouts, redirects,
 * SSL bundle: {@code spring.http.client.*} and {@code spring.http.reactiveclient.*} on Boot 3.5,
 * {@code spring.http.clients.*} on Boot 4). Unset values keep the client's defaults (secure ones:
 * TLS verified, http/https only). Each property that sets a client setting is checked by that
 * setting's definition ({@code dev.curlmulti.reactor.ClientSettings}), as the client builder checks
 * it: a value the builder refuses fails the context. A plain bean: Boot binds it once at startup.
 */
@ConfigurationProperties("curl.multi")
public class CurlMultiProperties {
    /** Whether to make Boot's HTTP clients (WebClient, RestClient, RestTemplate) use libcurl at all. */
    private boolean enabled = true;
    /** Loop threads; unset: one per available processor, at most 8 (the client's default). */
    private Integer loops;
    /** Open connections per loop at most, 0 = no limit. */
    private int maxConnections;
    /** Connections per host at most, 0 = no limit. */
    private int maxConnectionsPerHost;
    /** Time from sending the request to the final response head (Boot's read-timeout is the gap between reads). */
    private Duration responseTimeout;
    /** Whole-transfer limit. */
    private Duration totalTimeout;
    /**
     * Redirects followed at most when Boot's {@code redirects} setting says to follow (its default,
     * {@code follow-when-possible}, does); libcurl refuses schemes other than http/https and keeps
     * credentials from other hosts on every hop.
     */
    private int maxRedirects = 10;
    /** Ask for and decode gzip, br, zstd. */
    private boolean compression;
    /** Largest decoded response body in bytes, -1 = no limit (other negative sizes are refused). */
    private long maxResponseSize = -1;
    /** Proxy URL (http://, https://, socks5h:// ...), or empty for none. */
    private String proxy;
    /** Honour http_proxy and friends. */
    private boolean useEnvironmentProxy;
    /** User agent. */
    private String userAgent;
    /**
     * HTTP version asked of libcurl: HTTP_1_1, HTTP_2_TLS (the default), HTTP_2, HTTP_2_PRIOR_KNOWLEDGE,
     * HTTP_3 (QUIC with fallback) or HTTP_3_ONLY; HTTP/3 needs a libcurl built with it (startup fails
     * otherwise, naming what to install).
     */
    private dev.curlmulti.reactor.HttpVersion httpVersion;

    public dev.curlmulti.reactor.HttpVersion getHttpVersion() {
        return httpVersion;
    }

    public void setHttpVersion(dev.curlmulti.reactor.HttpVersion httpVersion) {
        this.httpVersion = httpVersion;
    }

    public boolean isEnabled() {
        return enabled;
    }

    public void setEnabled(boolean enabled) {
        this.enabled = enabled;
    }

    public Integer getLoops() {
        return loops;
    }

    public void setLoops(Integer loops) {
        this.loops = loops;
    }

    public int getMaxConnections() {
        return maxConnections;
    }

    public void setMaxConnections(int maxConnections) {
        this.maxConnections = maxConnections;
    }

    public int getMaxConnectionsPerHost() {
        return maxConnectionsPerHost;
    }

    public void setMaxConnectionsPerHost(int maxConnectionsPerHost) {
        this.maxConnectionsPerHost = maxConnectionsPerHost;
    }

    public Duration getResponseTimeout() {
        return responseTimeout;
    }

    public void setResponseTimeout(Duration responseTimeout) {
        this.responseTimeout = responseTimeout;
    }

    public Duration getTotalTimeout() {
        return totalTimeout;
    }

    public void setTotalTimeout(Duration totalTimeout) {
        this.totalTimeout = totalTimeout;
    }

    public int getMaxRedirects() {
        return maxRedirects;
    }

    public void setMaxRedirects(int maxRedirects) {
        this.maxRedirects = maxRedirects;
    }

    public boolean isCompression() {
        return compression;
    }

    public void setCompression(boolean compression) {
        this.compression = compression;
    }

    public long getMaxResponseSize() {
        return maxResponseSize;
    }

    public void setMaxResponseSize(long maxResponseSize) {
        this.maxResponseSize = maxResponseSize;
    }

    public String getProxy() {
        return proxy;
    }

    public void setProxy(String proxy) {
        this.proxy = proxy;
    }

    public boolean isUseEnvironmentProxy() {
        return useEnvironmentProxy;
    }

    public void setUseEnvironmentProxy(boolean useEnvironmentProxy) {
        this.useEnvironmentProxy = useEnvironmentProxy;
    }

    public String getUserAgent() {
        return userAgent;
    }

    public void setUserAgent(String userAgent) {
        this.userAgent = userAgent;
    }
}
