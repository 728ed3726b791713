package dev.curlmulti.reactor;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Cipher suite names as libcurl's OpenSSL backend takes them. Java and Spring (an
 * {@code SslBundle}'s options) name suites the IANA way ({@code TLS_ECDHE_RSA_WITH_AES_128_GCM_SHA256});
 * OpenSSL's list for TLS 1.2 and older uses its own names ({@code ECDHE-RSA-AES128-GCM-SHA256}),
 * while TLS 1.3 suites keep their IANA names and go in a separate option. The table holds every
 * TLS 1.2 suite the JDK enables by default (checked against {@code openssl ciphers -stdname}).
 */
final class CipherNames {
    /** The suites for {@code CURLOPT_SSL_CIPHER_LIST} (TLS 1.2 and older) and {@code CURLOPT_TLS13_CIPHERS}. */
    record Split(List<String> upToTls12, List<String> tls13) {}

    private static final Map<String, String> IANA_TO_OPENSSL = Map.ofEntries(
            Map.entry("TLS_ECDHE_ECDSA_WITH_AES_256_GCM_SHA384", "ECDHE-ECDSA-AES256-GCM-SHA384"),
            Map.entry("TLS_ECDHE_RSA_WITH_AES_256_GCM_SHA384", "ECDHE-RSA-AES256-GCM-SHA384"),
            Map.entry("TLS_DHE_RSA_WITH_AES_256_GCM_SHA384", "DHE-RSA-AES256-GCM-SHA384"),
            Map.entry("TLS_ECDHE_ECDSA_WITH_CHACHA20_POLY1305_SHA256", "ECDHE-ECDSA-CHACHA20-POLY1305"),
            Map.entry("TLS_ECDHE_RSA_WITH_CHACHA20_POLY1305_SHA256", "ECDHE-RSA-CHACHA20-POLY1305"),
            Map.entry("TLS_DHE_RSA_WITH_CHACHA20_POLY1305_SHA256", "DHE-RSA-CHACHA20-POLY1305"),
            Map.entry("TLS_ECDHE_ECDSA_WITH_AES_128_GCM_SHA256", "ECDHE-ECDSA-AES128-GCM-SHA256"),
            Map.entry("TLS_ECDHE_RSA_WITH_AES_128_GCM_SHA256", "ECDHE-RSA-AES128-GCM-SHA256"),
            Map.entry("TLS_DHE_RSA_WITH_AES_128_GCM_SHA256", "DHE-RSA-AES128-GCM-SHA256"),
            Map.entry("TLS_ECDHE_ECDSA_WITH_AES_256_CBC_SHA384", "ECDHE-ECDSA-AES256-SHA384"),
            Map.entry("TLS_ECDHE_RSA_WITH_AES_256_CBC_SHA384", "ECDHE-RSA-AES256-SHA384"),
            Map.entry("TLS_DHE_RSA_WITH_AES_256_CBC_SHA256", "DHE-RSA-AES256-SHA256"),
            Map.entry("TLS_ECDHE_ECDSA_WITH_AES_128_CBC_SHA256", "ECDHE-ECDSA-AES128-SHA256"),
            Map.entry("TLS_ECDHE_RSA_WITH_AES_128_CBC_SHA256", "ECDHE-RSA-AES128-SHA256"),
            Map.entry("TLS_DHE_RSA_WITH_AES_128_CBC_SHA256", "DHE-RSA-AES128-SHA256"),
            Map.entry("TLS_ECDHE_ECDSA_WITH_AES_256_CBC_SHA", "ECDHE-ECDSA-AES256-SHA"),
            Map.entry("TLS_ECDHE_RSA_WITH_AES_256_CBC_SHA", "ECDHE-RSA-AES256-SHA"),
            Map.entry("TLS_DHE_RSA_WITH_AES_256_CBC_SHA", "DHE-RSA-AES256-SHA"),
            Map.entry("TLS_ECDHE_ECDSA_WITH_AES_128_CBC_SHA", "ECDHE-ECDSA-AES128-SHA"),
            Map.entry("TLS_ECDHE_RSA_WITH_AES_128_CBC_SHA", "ECDHE-RSA-AES128-SHA"),
            Map.entry("TLS_DHE_RSA_WITH_AES_128_CBC_SHA", "DHE-RSA-AES128-SHA"),
            Map.entry("TLS_RSA_WITH_AES_256_GCM_SHA384", "AES256-GCM-SHA384"),
            Map.entry("TLS_RSA_WITH_AES_128_GCM_SHA256", "AES128-GCM-SHA256"),
            Map.entry("TLS_RSA_WITH_AES_256_CBC_SHA256", "AES256-SHA256"),
            Map.entry("TLS_RSA_WITH_AES_128_CBC_SHA256", "AES128-SHA256"),
            Map.entry("TLS_RSA_WITH_AES_256_CBC_SHA", "AES256-SHA"),
            Map.entry("TLS_RSA_WITH_AES_128_CBC_SHA", "AES128-SHA"));

    private CipherNames() {}

    /**
     * Sorts {@code names} (IANA or OpenSSL style, in preference order) into the two lists. An IANA
     * name of a TLS 1.2 suite without an OpenSSL name here is an {@link IllegalArgumentException};
     * the renegotiation signalling value Java lists is dropped (OpenSSL sends it by itself).
     */
    static Split split(List<String> names) {
        List<String> upToTls12 = new ArrayList<>();
        List<String> tls13 = new ArrayList<>();
        List<String> unknown = new ArrayList<>();
        for (String name : names) {
            String trimmed = name.trim();
            if (trimmed.isEmpty() || trimmed.equals("TLS_EMPTY_RENEGOTIATION_INFO_SCSV")) {
                continue;
            }
            if (trimmed.startsWith("TLS_AES_") || trimmed.startsWith("TLS_CHACHA20_")) {
                tls13.add(trimmed);
            } else if (trimmed.startsWith("TLS_") || trimmed.startsWith("SSL_")) {
                String openSsl = IANA_TO_OPENSSL.get(trimmed);
                if (openSsl == null) {
                    unknown.add(trimmed);
                } else {
                    upToTls12.add(openSsl);
                }
            } else {
                upToTls12.add(trimmed);
            }
        }
        if (!unknown.isEmpty()) {
            throw new IllegalArgumentException("no OpenSSL name known for the cipher suites " + unknown
                    + "; give OpenSSL names (see `openssl ciphers -stdname`) or leave them out");
        }
        return new Split(List.copyOf(upToTls12), List.copyOf(tls13));
    }
}
