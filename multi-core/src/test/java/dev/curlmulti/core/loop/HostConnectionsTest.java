package dev.curlmulti.core.loop;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/** The host a transfer's connections are counted under: Reactor Netty's {@code remote.address} form. */
class HostConnectionsTest {
    @Test
    void theHostIsLowerCaseWithTheSchemesDefaultPortMadeExplicit() {
        assertThat(HostConnections.hostPort("http://Example.COM/a?b")).isEqualTo("example.com:80");
        assertThat(HostConnections.hostPort("https://example.com")).isEqualTo("example.com:443");
        assertThat(HostConnections.hostPort("wss://example.com#x")).isEqualTo("example.com:443");
        assertThat(HostConnections.hostPort("ws://example.com/")).isEqualTo("example.com:80");
        assertThat(HostConnections.hostPort("http://127.0.0.1:8080/x")).isEqualTo("127.0.0.1:8080");
    }

    @Test
    void userInfoAndIpv6BracketsAreLeftOut() {
        assertThat(HostConnections.hostPort("https://user:secret@host:8443/p")).isEqualTo("host:8443");
        assertThat(HostConnections.hostPort("http://[::1]:9000/")).isEqualTo("::1:9000");
        assertThat(HostConnections.hostPort("https://[::1]/")).isEqualTo("::1:443");
    }

    @Test
    void aSchemeWithoutADefaultPortKeepsJustTheHost() {
        assertThat(HostConnections.hostPort("ftp://files.example.com/a")).isEqualTo("files.example.com");
        assertThat(HostConnections.hostPort("example.com:81/a")).isEqualTo("example.com:81");
    }
}
