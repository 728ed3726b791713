package dev.curlmulti.core.loop;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/** The host a transfer's connections are counted under: Reactor Netty's {@code remote.address} form. */
class HostPortTest {
    @Test
    void theHostIsLowerCaseWithTheSchemesDefaultPortMadeExplicit() {
        assertThat(HostPort.of("http://Example.COM/a?b")).isEqualTo("example.com:80");
        assertThat(HostPort.of("https://example.com")).isEqualTo("example.com:443");
        assertThat(HostPort.of("wss://example.com#x")).isEqualTo("example.com:443");
        assertThat(HostPort.of("ws://example.com/")).isEqualTo("example.com:80");
        assertThat(HostPort.of("http://127.0.0.1:8080/x")).isEqualTo("127.0.0.1:8080");
    }

    @Test
    void userInfoAndIpv6BracketsAreLeftOut() {
        assertThat(HostPort.of("https://user:secret@host:8443/p")).isEqualTo("host:8443");
        assertThat(HostPort.of("http://[::1]:9000/")).isEqualTo("::1:9000");
        assertThat(HostPort.of("https://[::1]/")).isEqualTo("::1:443");
    }

    @Test
    void aSchemeWithoutADefaultPortKeepsJustTheHost() {
        assertThat(HostPort.of("ftp://files.example.com/a")).isEqualTo("files.example.com");
        assertThat(HostPort.of("example.com:81/a")).isEqualTo("example.com:81");
    }
}
