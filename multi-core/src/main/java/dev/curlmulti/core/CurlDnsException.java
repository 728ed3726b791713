package dev.curlmulti.core;

/**
 * A host or proxy name did not resolve ({@code CURLE_COULDNT_RESOLVE_HOST},
 * {@code CURLE_COULDNT_RESOLVE_PROXY}). Its cause is a {@link java.net.UnknownHostException}.
 */
public class CurlDnsException extends CurlException {
    private static final long serialVersionUID = 1L;

    public CurlDnsException(int code, String errorText) {
        super(code, errorText, StandardCauses.dns(errorText, null));
    }

    public CurlDnsException(int code, String errorText, Throwable cause) {
        super(code, errorText, StandardCauses.dns(errorText, cause));
    }
}
