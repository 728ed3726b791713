package dev.curlmulti.reactor;

import java.io.IOException;

/**
 * A downloaded file is not the one expected: its SHA-256 or its length differs from what the
 * {@link DownloadRequest} said. The bytes are deleted and nothing is left under the target's name.
 * Not retried by the default policies: a server that sent the wrong bytes once will likely again.
 */
public class DownloadVerificationException extends IOException {
    private static final long serialVersionUID = 1L;

    /** @param message what was expected and what arrived */
    public DownloadVerificationException(String message) {
        super(message);
    }
}
