package dev.curlmulti.reactor;

import java.util.List;
import java.util.Objects;

/**
 * A proxy for every request of a client.
 *
 * @param url      {@code http://host:port}, {@code https://host:port}, {@code socks4://}, {@code socks4a://},
 *                 {@code socks5://} (local DNS) or {@code socks5h://} (the proxy resolves names)
 * @param username user for the proxy, or null
 * @param password password for the proxy, or null
 * @param noProxy  hosts (and domain suffixes, IPs, CIDR ranges) reached directly
 */
public record ProxyConfig(String url, String username, String password, List<String> noProxy) {
    public ProxyConfig {
        Objects.requireNonNull(url, "url");
        noProxy = noProxy == null ? List.of() : List.copyOf(noProxy);
    }

    /** A proxy without credentials or exceptions. */
    public static ProxyConfig of(String url) {
        return new ProxyConfig(url, null, null, List.of());
    }

    /** This proxy with credentials. */
    public ProxyConfig withCredentials(String user, String pass) {
        return new ProxyConfig(url, user, pass, noProxy);
    }

    /** This proxy, bypassed for {@code hosts}. */
    public ProxyConfig withNoProxy(String... hosts) {
        return new ProxyConfig(url, username, password, List.of(hosts));
    }
}
