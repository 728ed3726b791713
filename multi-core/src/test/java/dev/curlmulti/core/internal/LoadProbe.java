package dev.curlmulti.core.internal;

import dev.curlmulti.core.Curl;
import dev.curlmulti.core.CurlException;
import dev.curlmulti.core.CurlInfo;
import dev.curlmulti.core.CurlOpt;
import dev.curlmulti.core.CurlVersion;

/**
 * Run in a JVM of its own by {@code LibraryOriginTest}: prints, one {@code key=value} line each,
 * where the loaded libcurl came from and how HTTPS GETs of {@code args[0]} end on a new handle,
 * after {@code reset()}, and with the user's own {@code CAINFO} ({@code args[1]}).
 */
public final class LoadProbe {
    private LoadProbe() {}

    public static void main(String[] args) {
        try {
            CurlVersion version = CurlVersion.current();
            System.out.println("origin=" + version.origin());
            System.out.println("bundled=" + version.bundled());
            System.out.println("file=" + version.file());
            System.out.println("caBundle=" + version.caBundle());
            System.out.println("buildInfo=" + version.buildInfo());
            try (Curl curl = new Curl()) {
                System.out.println("new=" + get(curl, args[0]));
                curl.reset();
                System.out.println("reset=" + get(curl, args[0]));
                curl.reset();
                curl.setopt(CurlOpt.CAINFO, args[1]);
                System.out.println("userCainfo=" + get(curl, args[0]));
            }
        } catch (Throwable e) {
            System.out.println("error=" + e.getClass().getName() + ": " + e.getMessage());
        }
    }

    private static String get(Curl curl, String url) {
        curl.setopt(CurlOpt.URL, url);
        curl.setopt(CurlOpt.WRITEFUNCTION, data -> data.remaining());
        try {
            curl.perform();
            return String.valueOf((Long) curl.getinfo(CurlInfo.RESPONSE_CODE));
        } catch (CurlException e) {
            return e.getMessage();
        }
    }
}
