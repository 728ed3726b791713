package dev.curlmulti.reactor.internal;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** The address literals a resolve entry may hold: what libcurl's inet_pton takes, nothing it refuses. */
class IpLiteralsTest {
    @ParameterizedTest
    @ValueSource(strings = {"127.0.0.1", "0.0.0.0", "255.255.255.255", "10.1.2.3"})
    void ipv4LiteralsPass(String text) {
        assertThat(IpLiterals.ipv4(text)).isTrue();
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "1.2.3", "1.2.3.4.5", "256.1.1.1", "1..2.3", "a.b.c.d", "1.2.3.4 ", "+1.2.3.4"})
    void otherTextIsNotIpv4(String text) {
        assertThat(IpLiterals.ipv4(text)).isFalse();
    }

    @ParameterizedTest
    @ValueSource(strings = {"::", "::1", "fe80::1", "2001:db8::", "1:2:3:4:5:6:7:8", "::ffff:10.0.0.1", "1::2:3"})
    void ipv6LiteralsPass(String text) {
        assertThat(IpLiterals.ipv6(text)).isTrue();
    }

    @ParameterizedTest
    @ValueSource(
            strings = {
                ":",
                ":::",
                "1:2",
                "1::2::3",
                "12345::1",
                "1:2:3:4:5:6:7:8:9",
                "1:2:3:4:5:6:7",
                "g::1",
                ".:",
                "::1.2.3",
                "1:2:3:4:5:6:7::8:9",
                ":1::2",
                "1::2:"
            })
    void otherTextIsNotIpv6(String text) {
        assertThat(IpLiterals.ipv6(text)).isFalse();
    }
}
