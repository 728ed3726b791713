package dev.curlmulti.spring.boot;

import org.springframework.boot.context.properties.ConfigurationProperties;

import java.time.Duration;

/**
 * {@code curl.multi.*} settings for the auto-configured connector's {@code CurlClient}. Unset
 * values keep the client's defaults (secure ones: no redirects, TLS verified, http/https only).
 */
@ConfigurationProperties("curl.multi")
public class CurlMultiProperties {
    /** Whether to auto-configure the connector at all. */
    private boolean enabled = true;
    /** Loop threads; unset: one per available processor, at most 8 (the client's default). */
    private Integer loops;
    /** Open connections per loop at most, 0 = no limit. */
    private int maxConnections;
    /** Connections per host at most, 0 = no limit. */
    private int maxConnectionsPerHost;
    /** Time to connect, TLS included. */
    private Duration connectTimeout;
    /** Time to the final response head. */
    private Duration responseTimeout;
    /** Whole-transfer limit. */
    private Duration totalTimeout;
    /** No body bytes for this long (consumer pauses excluded). */
    private Duration idleTimeout;
    /** Redirects to follow, 0 = off. */
    private int followRedirects;
    /** Ask for and decode gzip, br, zstd. */
    private boolean compression;
    /** Largest decoded response body in bytes, -1 = no limit. */
    private long maxResponseSize = -1;
    /** Proxy URL (http://, https://, socks5h:// ...), or empty for none. */
    private String proxy;
    /** Honour http_proxy and friends. */
    private boolean useEnvironmentProxy;
    /** User agent. */
    private String userAgent;

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

    public Duration getConnectTimeout() {
        return connectTimeout;
    }

    public void setConnectTimeout(Duration connectTimeout) {
        this.connectTimeout = connectTimeout;
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

    public Duration getIdleTimeout() {
        return idleTimeout;
    }

    public void setIdleTimeout(Duration idleTimeout) {
        this.idleTimeout = idleTimeout;
    }

    public int getFollowRedirects() {
        return followRedirects;
    }

    public void setFollowRedirects(int followRedirects) {
        this.followRedirects = followRedirects;
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
