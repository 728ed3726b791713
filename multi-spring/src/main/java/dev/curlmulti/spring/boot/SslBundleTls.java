package dev.curlmulti.spring.boot;

import dev.curlmulti.reactor.TlsConfig;
import dev.curlmulti.reactor.TlsVersion;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.util.Arrays;
import java.util.Collections;
import java.util.List;
import org.springframework.boot.ssl.SslBundle;
import org.springframework.boot.ssl.SslBundleKey;
import org.springframework.boot.ssl.SslOptions;
import org.springframework.boot.ssl.SslStoreBundle;

/**
 * A Spring Boot {@link SslBundle} as libcurl TLS settings, all from memory: the bundle's trust store
 * becomes the only trust anchors ({@code CURLOPT_CAINFO_BLOB}); its key store's key entry (the
 * bundle key's alias, else the first key entry, as Boot's own clients choose) becomes the client
 * certificate and key; its enabled protocols bound the TLS versions; its cipher suites (Java names)
 * are translated for OpenSSL. A bundle without a trust store keeps libcurl's system CAs (Boot's
 * clients would use the JDK's {@code cacerts}).
 */
final class SslBundleTls {
    private SslBundleTls() {}

    static TlsConfig apply(TlsConfig tls, SslBundle bundle) {
        TlsConfig result = tls;
        SslStoreBundle stores = bundle.getStores();
        if (stores != null && stores.getTrustStore() != null) {
            result = result.withTrustedCertificates(stores.getTrustStore());
        }
        if (stores != null && stores.getKeyStore() != null) {
            KeyStore keyStore = stores.getKeyStore();
            SslBundleKey key = bundle.getKey();
            String password =
                    key != null && key.getPassword() != null ? key.getPassword() : stores.getKeyStorePassword();
            String alias = key != null && key.getAlias() != null ? key.getAlias() : firstKeyAlias(keyStore);
            result = result.withClientCertificate(keyStore, alias, password == null ? null : password.toCharArray());
        }
        SslOptions options = bundle.getOptions();
        if (options != null && options.getEnabledProtocols() != null) {
            result = withProtocols(result, options.getEnabledProtocols());
        }
        if (options != null && options.getCiphers() != null) {
            result = result.withCiphers(Arrays.asList(options.getCiphers()));
        }
        return result;
    }

    private static TlsConfig withProtocols(TlsConfig tls, String[] protocols) {
        TlsVersion min = null;
        TlsVersion max = null;
        for (String protocol : protocols) {
            TlsVersion version = switch (protocol) {
                case "TLSv1.2" -> TlsVersion.TLS_1_2;
                case "TLSv1.3" -> TlsVersion.TLS_1_3;
                default ->
                    throw new IllegalArgumentException("SSL bundle protocol '" + protocol
                            + "' is not offered: libcurl is given TLSv1.2 and TLSv1.3 only");
            };
            min = min == null || version.compareTo(min) < 0 ? version : min;
            max = max == null || version.compareTo(max) > 0 ? version : max;
        }
        return min == null ? tls : tls.withVersions(min, max);
    }

    private static String firstKeyAlias(KeyStore store) {
        try {
            List<String> aliases = Collections.list(store.aliases());
            for (String alias : aliases) {
                if (store.isKeyEntry(alias)) {
                    return alias;
                }
            }
            throw new IllegalArgumentException("the SSL bundle's key store holds no key entry " + aliases);
        } catch (GeneralSecurityException e) {
            throw new IllegalArgumentException("cannot read the SSL bundle's key store: " + e.getMessage(), e);
        }
    }
}
