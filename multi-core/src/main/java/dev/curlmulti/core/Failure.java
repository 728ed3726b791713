package dev.curlmulti.core;

/**
 * A finished transfer that failed, from {@link CurlMulti#infoRead()}.
 *
 * @param handle  the easy handle (still added to the multi: remove it as in pycurl)
 * @param errno   the {@code CURLcode}, for example 7 for {@code CURLE_COULDNT_CONNECT}
 * @param message libcurl's error-buffer text for this transfer (or the code's description)
 * @param cause   the exception a Java callback threw to abort the transfer, or {@code null}
 */
public record Failure(Curl handle, int errno, String message, Throwable cause) {
    /** The C name of {@link #errno()}. */
    public String codeName() {
        return CurlCodes.easyName(errno);
    }
}
