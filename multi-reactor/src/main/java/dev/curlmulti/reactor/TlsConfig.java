package dev.curlmulti.reactor;

import java.nio.file.Path;
import java.security.KeyStore;
import java.util.List;
import java.util.Objects;

/**
 * A client's TLS settings: what it trusts, the certificate it presents, pins, versions and
 * cipher suites. Immutable; each {@code with...} returns a changed copy. Give it to
 * {@link CurlClient.Builder#tls(java.util.function.UnaryOperator)}:
 *
 * <pre>{@code
 * CurlClient.builder().tls(tls -> tls
 *         .withTrustedCertificates(caPem)                        // CURLOPT_CAINFO_BLOB
 *         .withClientCertificate(keyStore, "client", password))  // CURLOPT_SSLCERT_BLOB, SSLKEY_BLOB
 * }</pre>
 *
 * <p>Key material given as PEM text or a {@link KeyStore} goes to libcurl from memory
 * ({@code CURLOPT_CAINFO_BLOB} needs libcurl 7.77+, {@code CURLOPT_SSLCERT_BLOB}/{@code SSLKEY_BLOB}
 * 7.71+, with the OpenSSL, Schannel, mbedTLS, wolfSSL or rustls backends); it is never written to a
 * file. Building a client with it on an older libcurl fails with an
 * {@link UnsupportedOperationException} naming the option and the version it needs.
 *
 * <p>Trust given here replaces the system's CA store (for PEM or a key store: also libcurl's CA
 * directory); with none, libcurl's built-in CA bundle and directory are used.
 */
public final class TlsConfig implements Cloneable {
    /** System trust, no client certificate, libcurl's version and cipher defaults. */
    public static final TlsConfig DEFAULT = new TlsConfig();

    Path caFile;
    Path caPath;
    String trustedPem;
    Path certificateFile;
    Path keyFile;
    String certificatePem;
    String keyPem;
    String keyPassword;
    String pinnedPublicKey;
    TlsVersion minVersion;
    TlsVersion maxVersion;
    CipherNames.Split ciphers;

    private TlsConfig() {}

    /** Trust the CA certificates in this PEM file instead of the system's ({@code CURLOPT_CAINFO}). */
    public TlsConfig withCaFile(Path file) {
        TlsConfig copy = copy();
        copy.caFile = file;
        copy.trustedPem = null;
        return copy;
    }

    /** Trust a directory of CA certificates ({@code CURLOPT_CAPATH}). */
    public TlsConfig withCaPath(Path directory) {
        TlsConfig copy = copy();
        copy.caPath = directory;
        return copy;
    }

    /** Trust exactly the CA certificates in this PEM text ({@code CURLOPT_CAINFO_BLOB}). */
    public TlsConfig withTrustedCertificates(String pem) {
        Objects.requireNonNull(pem, "pem");
        if (!pem.contains("-----BEGIN CERTIFICATE-----")) {
            throw new IllegalArgumentException(
                    "no PEM certificate (-----BEGIN CERTIFICATE-----) in the trusted certificates");
        }
        TlsConfig copy = copy();
        copy.trustedPem = pem;
        copy.caFile = null;
        copy.caPath = null;
        return copy;
    }

    /**
     * Trust exactly the trusted-certificate entries of {@code trustStore} (sent as PEM, {@code CURLOPT_CAINFO_BLOB}).
     */
    public TlsConfig withTrustedCertificates(KeyStore trustStore) {
        return withTrustedCertificates(PemText.trustedCertificates(Objects.requireNonNull(trustStore, "trustStore")));
    }

    /** Present a client certificate from PEM files ({@code CURLOPT_SSLCERT}, {@code SSLKEY}, {@code KEYPASSWD}). */
    public TlsConfig withClientCertificate(Path certificatePem, Path keyPem, String keyPassword) {
        TlsConfig copy = copy();
        copy.certificateFile = Objects.requireNonNull(certificatePem, "certificatePem");
        copy.keyFile = keyPem;
        copy.keyPassword = keyPassword;
        copy.certificatePem = null;
        copy.keyPem = null;
        return copy;
    }

    /**
     * Present a client certificate given as PEM text: the certificate (chain) and its private key
     * ({@code CURLOPT_SSLCERT_BLOB}, {@code CURLOPT_SSLKEY_BLOB}; {@code keyPassword} for an
     * encrypted key, else null).
     */
    public TlsConfig withClientCertificate(String certificateChainPem, String privateKeyPem, String keyPassword) {
        Objects.requireNonNull(certificateChainPem, "certificateChainPem");
        Objects.requireNonNull(privateKeyPem, "privateKeyPem");
        if (!certificateChainPem.contains("-----BEGIN CERTIFICATE-----")) {
            throw new IllegalArgumentException(
                    "no PEM certificate (-----BEGIN CERTIFICATE-----) in the client certificate");
        }
        if (!privateKeyPem.contains("PRIVATE KEY-----")) {
            throw new IllegalArgumentException(
                    "no PEM private key (-----BEGIN ... PRIVATE KEY-----) in the client key");
        }
        TlsConfig copy = copy();
        copy.certificatePem = certificateChainPem;
        copy.keyPem = privateKeyPem;
        copy.keyPassword = keyPassword;
        copy.certificateFile = null;
        copy.keyFile = null;
        return copy;
    }

    /**
     * Present the key entry {@code alias} of {@code keyStore} (null: its only key entry), read with
     * {@code password}: its chain and private key go to libcurl as PEM from memory. The key must be
     * exportable (not held in hardware).
     */
    public TlsConfig withClientCertificate(KeyStore keyStore, String alias, char[] password) {
        String[] pem = PemText.keyEntry(Objects.requireNonNull(keyStore, "keyStore"), alias, password);
        return withClientCertificate(pem[0], pem[1], null);
    }

    /**
     * Accept only a server key with this pin, for example {@code sha256//base64=} ({@code CURLOPT_PINNEDPUBLICKEY}).
     */
    public TlsConfig withPinnedPublicKey(String pin) {
        TlsConfig copy = copy();
        copy.pinnedPublicKey = pin;
        return copy;
    }

    /**
     * Refuse TLS older than {@code min} and newer than {@code max} (either may be null: no bound;
     * {@code CURLOPT_SSLVERSION}).
     */
    public TlsConfig withVersions(TlsVersion min, TlsVersion max) {
        if (min != null && max != null && min.compareTo(max) > 0) {
            throw new IllegalArgumentException("the lowest TLS version " + min + " is above the highest " + max);
        }
        TlsConfig copy = copy();
        copy.minVersion = min;
        copy.maxVersion = max;
        return copy;
    }

    /**
     * Offer only these cipher suites, in this order: OpenSSL names ({@code ECDHE-RSA-AES128-GCM-SHA256})
     * or the IANA names Java uses ({@code TLS_ECDHE_RSA_WITH_AES_128_GCM_SHA256}); TLS 1.3 suites
     * ({@code TLS_AES_128_GCM_SHA256}) go to {@code CURLOPT_TLS13_CIPHERS}, the others to
     * {@code CURLOPT_SSL_CIPHER_LIST}. An IANA name without a known OpenSSL name is an
     * {@link IllegalArgumentException}.
     */
    public TlsConfig withCiphers(List<String> names) {
        TlsConfig copy = copy();
        copy.ciphers = CipherNames.split(Objects.requireNonNull(names, "names"));
        return copy;
    }

    private TlsConfig copy() {
        try {
            return (TlsConfig) clone();
        } catch (CloneNotSupportedException e) {
            throw new AssertionError(e);
        }
    }

    @Override
    public String toString() {
        // Never the key text or password.
        return "TlsConfig[trust=" + (trustedPem != null ? "PEM in memory" : caFile != null ? caFile : "system")
                + ", client certificate="
                + (certificatePem != null ? "PEM in memory" : certificateFile != null ? certificateFile : "none")
                + ", versions=" + minVersion + ".." + maxVersion + "]";
    }
}
