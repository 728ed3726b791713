package dev.curlmulti.core;

/** A host or proxy name did not resolve ({@code CURLE_COULDNT_RESOLVE_HOST}, {@code CURLE_COULDNT_RESOLVE_PROXY}). */
public class CurlDnsException extends CurlException {
    private static final long serialVersionUID = 1L;

    public CurlDnsException(int code, String errorText) {
        super(code, errorText);
    }

    public CurlDnsException(int code, String errorText, Throwable cause) {
        super(code, errorText, cause);
    }
}
