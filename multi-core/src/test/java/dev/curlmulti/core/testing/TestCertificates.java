package dev.curlmulti.core.testing;

import okhttp3.tls.HandshakeCertificates;
import okhttp3.tls.HeldCertificate;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * A throwaway certificate authority and a server certificate for {@code localhost} and
 * {@code 127.0.0.1} signed by it, generated in memory and written as PEM files for servers
 * (nginx) and clients (libcurl's {@code CAINFO}).
 */
public final class TestCertificates {
    private final HeldCertificate authority;
    private final HeldCertificate server;

    public TestCertificates() {
        authority = new HeldCertificate.Builder().certificateAuthority(0).commonName("curl-multi test CA").build();
        server = new HeldCertificate.Builder()
                .commonName("localhost")
                .addSubjectAlternativeName("localhost")
                .addSubjectAlternativeName(InetAddress.getLoopbackAddress().getHostAddress())
                .signedBy(authority)
                .build();
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
        return new HandshakeCertificates.Builder().heldCertificate(server, authority.certificate()).build();
    }

    /** Paths of the PEM files. */
    public record Files(Path caPem, Path certificatePem, Path privateKeyPem) {
    }
}
