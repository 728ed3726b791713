package dev.curlmulti.reactor;

import java.security.GeneralSecurityException;
import java.security.Key;
import java.security.KeyStore;
import java.security.PrivateKey;
import java.security.cert.Certificate;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Collections;
import java.util.List;

/**
 * Key material from a {@link KeyStore} as the PEM text libcurl reads from memory: certificates as
 * {@code CERTIFICATE} blocks, a private key as an unencrypted PKCS#8 {@code PRIVATE KEY} block. The
 * text only ever lives in memory (libcurl copies it into its own blob); nothing is written to disk.
 */
final class PemText {
    private static final Base64.Encoder MIME = Base64.getMimeEncoder(64, new byte[] {'\n'});

    private PemText() {}

    /** Every trusted certificate entry of {@code store}, one PEM block each. */
    static String trustedCertificates(KeyStore store) {
        StringBuilder pem = new StringBuilder();
        try {
            for (String alias : Collections.list(store.aliases())) {
                if (store.isCertificateEntry(alias)) {
                    append(pem, "CERTIFICATE", store.getCertificate(alias).getEncoded());
                }
            }
        } catch (GeneralSecurityException e) {
            throw new IllegalArgumentException("cannot read the trust store: " + e.getMessage(), e);
        }
        if (pem.length() == 0) {
            throw new IllegalArgumentException("the trust store holds no trusted certificate entry");
        }
        return pem.toString();
    }

    /**
     * The certificate chain and private key of entry {@code alias} (or, when null, the store's only
     * key entry), as {@code [chainPem, keyPem]}.
     */
    static String[] keyEntry(KeyStore store, String alias, char[] password) {
        try {
            String chosen = alias != null ? alias : onlyKeyAlias(store);
            if (!store.isKeyEntry(chosen)) {
                throw new IllegalArgumentException("the key store has no key entry named '" + chosen + "'");
            }
            Key key = store.getKey(chosen, password);
            if (!(key instanceof PrivateKey privateKey)
                    || !"PKCS#8".equals(key.getFormat())
                    || key.getEncoded() == null) {
                throw new IllegalArgumentException("the key of entry '" + chosen + "' cannot be exported as PKCS#8 "
                        + "(a hardware or non-extractable key); libcurl needs the key bytes");
            }
            Certificate[] chain = store.getCertificateChain(chosen);
            if (chain == null || chain.length == 0) {
                throw new IllegalArgumentException("the key entry '" + chosen + "' has no certificate chain");
            }
            StringBuilder chainPem = new StringBuilder();
            for (Certificate certificate : chain) {
                append(chainPem, "CERTIFICATE", certificate.getEncoded());
            }
            StringBuilder keyPem = new StringBuilder();
            append(keyPem, "PRIVATE KEY", privateKey.getEncoded());
            return new String[] {chainPem.toString(), keyPem.toString()};
        } catch (GeneralSecurityException e) {
            throw new IllegalArgumentException("cannot read the client key from the key store: " + e.getMessage(), e);
        }
    }

    private static String onlyKeyAlias(KeyStore store) throws GeneralSecurityException {
        List<String> keys = new ArrayList<>();
        for (String alias : Collections.list(store.aliases())) {
            if (store.isKeyEntry(alias)) {
                keys.add(alias);
            }
        }
        if (keys.size() != 1) {
            throw new IllegalArgumentException(
                    "the key store holds " + keys.size() + " key entries " + keys + "; name the one to present");
        }
        return keys.get(0);
    }

    private static void append(StringBuilder pem, String type, byte[] der) {
        pem.append("-----BEGIN ")
                .append(type)
                .append("-----\n")
                .append(MIME.encodeToString(der))
                .append('\n')
                .append("-----END ")
                .append(type)
                .append("-----\n");
    }
}
