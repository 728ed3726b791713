package dev.curlmulti.core.testing;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.security.cert.Certificate;
import okhttp3.tls.HandshakeCertificates;
import okhttp3.tls.HeldCertificate;

/**
 * A throwaway certificate authority and a server certificate for {@code localhost} and
 * {@code 127.0.0.1} signed by it, generated in memory and written as PEM files for servers
 * (nginx) and clients (libcurl's {@code CAINFO}).
 */
public final class TestCertificates {
    private final HeldCertificate authority;
    private final HeldCertificate server;
    private final HeldCertificate client;

    public TestCertificates() {
        authority = new HeldCertificate.Builder()
                .certificateAuthority(0)
                .commonName("curl-multi test CA")
                .build();
        server = new HeldCertificate.Builder()
                .commonName("localhost")
                .addSubjectAlternativeName("localhost")
                .addSubjectAlternativeName(InetAddress.getLoopbackAddress().getHostAddress())
                .signedBy(authority)
                .build();
        client = new HeldCertificate.Builder()
                .commonName("curl-multi test client")
                .signedBy(authority)
                .build();
    }

    /** Writes client.pem and client.key (a client certificate signed by the same CA) into {@code directory}. */
    public Files writtenClient(Path directory) {
        try {
            Path cert = directory.resolve("client.pem");
            Path key = directory.resolve("client.key");
            java.nio.file.Files.writeString(cert, client.certificatePem());
            java.nio.file.Files.writeString(key, client.privateKeyPkcs8Pem());
            return new Files(directory.resolve("ca.pem"), cert, key);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** A server handshake that also trusts client certificates from the CA (for requireClientAuth). */
    public HandshakeCertificates serverHandshakeTrustingClients() {
        return new HandshakeCertificates.Builder()
                .heldCertificate(server, authority.certificate())
                .addTrustedCertificate(authority.certificate())
                .build();
    }

    /** The server key's pin for {@code CURLOPT_PINNEDPUBLICKEY}: {@code sha256//<base64>}. */
    public String serverPin() {
        try {
            byte[] hash = java.security.MessageDigest.getInstance("SHA-256")
                    .digest(server.keyPair().getPublic().getEncoded());
            return "sha256//" + java.util.Base64.getEncoder().encodeToString(hash);
        } catch (java.security.NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    /** Writes ca.pem, server.pem (certificate chain) and server.key into {@code directory}. */
    public Files written(Path directory) {
        try {
            Path ca = directory.resolve("ca.pem");
            Path cert = directory.resolve("server.pem");
            Path key = directory.resolve("server.key");
            java.nio.file.Files.writeString(ca, authority.certificatePem());
            java.nio.file.Files.writeString(cert, server.certificatePem() + authority.certificatePem());
            java.nio.file.Files.writeString(key, server.privateKeyPkcs8Pem());
            return new Files(ca, cert, key);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** For an in-process TLS server (MockWebServer.useHttps). */
    public HandshakeCertificates serverHandshake() {
        return new HandshakeCertificates.Builder()
                .heldCertificate(server, authority.certificate())
                .build();
    }

    /** The CA certificate as PEM text. */
    public String caPem() {
        return authority.certificatePem();
    }

    /** The client certificate and its PKCS#8 private key as PEM text. */
    public String[] clientPem() {
        return new String[] {client.certificatePem(), client.privateKeyPkcs8Pem()};
    }

    /** A PKCS#12 trust store holding the CA as a trusted certificate entry. */
    public KeyStore trustStore() {
        try {
            KeyStore store = KeyStore.getInstance("PKCS12");
            store.load(null, null);
            store.setCertificateEntry("test-ca", authority.certificate());
            return store;
        } catch (GeneralSecurityException | IOException e) {
            throw new IllegalStateException(e);
        }
    }

    /** A PKCS#12 key store with the client's key and chain under {@code alias}, protected by {@code password}. */
    public KeyStore clientKeyStore(String alias, char[] password) {
        try {
            KeyStore store = KeyStore.getInstance("PKCS12");
            store.load(null, null);
            store.setKeyEntry(alias, client.keyPair().getPrivate(), password, new Certificate[] {
                client.certificate(), authority.certificate()
            });
            return store;
        } catch (GeneralSecurityException | IOException e) {
            throw new IllegalStateException(e);
        }
    }

    /** Paths of the PEM files. */
    public record Files(Path caPem, Path certificatePem, Path privateKeyPem) {}
}
