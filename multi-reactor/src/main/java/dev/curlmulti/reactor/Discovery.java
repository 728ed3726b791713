package dev.curlmulti.reactor;

import dev.curlmulti.core.Curl;
import dev.curlmulti.core.CurlOpt;
import dev.curlmulti.core.CurlVersion;
import dev.curlmulti.core.loop.Headers;
import dev.curlmulti.core.loop.TransferHandler;
import dev.curlmulti.core.loop.TransferHead;
import dev.curlmulti.core.loop.TransferResult;
import java.net.URI;
import java.util.List;
import java.util.Locale;

/**
 * Where a client's {@link AltSvcCache} and {@link HstsCache} meet its handles: the libcurl options
 * on the template (once per client), the cache files on each request's handle (before it is
 * submitted, on the subscriber's thread), and what each final https response teaches (on the loop
 * thread, as the head arrives). Nothing of this runs for a client without either cache.
 */
final class Discovery {
    private Discovery() {}

    /** {@code CURLOPT_ALTSVC_CTRL}; and, where libcurl needs it to move to HTTP/3, the HTTP version. */
    static void applyAltSvc(Curl c, AltSvcCache cache, ClientConfig config) {
        requireFeature("alt-svc", "altSvc", CurlOpt.ALTSVC_CTRL);
        c.setopt(CurlOpt.ALTSVC_CTRL, AltSvcCache.controlBits());
        CurlVersion loaded = CurlVersion.current();
        if (config.get(ClientSettings.HTTP_VERSION) == HttpVersion.HTTP_2_TLS
                && loaded.hasFeature("HTTP3")
                && loaded.isAtLeast(8, 12, 0)) {
            // From 8.12 libcurl takes an alternative only over a protocol the request allows, and
            // CURL_HTTP_VERSION_2TLS allows no HTTP/3. CURL_HTTP_VERSION_NONE starts the same way
            // (HTTP/2 over TLS, else HTTP/1.1) and also allows HTTP/3 when an origin offers it.
            c.setopt(CurlOpt.HTTP_VERSION, 0L);
        }
    }

    /** {@code CURLOPT_HSTS_CTRL}: libcurl's HSTS engine on, its file written by the cache only. */
    static void applyHsts(Curl c, HstsCache cache, ClientConfig config) {
        requireFeature("HSTS", "hsts", CurlOpt.HSTS_CTRL);
        c.setopt(CurlOpt.HSTS_CTRL, HstsCache.CONTROL_BITS);
    }

    /** Before a request is submitted: its handle loads what the caches learned since it last did. */
    static void prepare(Curl c, ClientConfig config) {
        AltSvcCache altSvc = config.get(ClientSettings.ALT_SVC);
        if (altSvc != null) {
            altSvc.prepare(c);
        }
        HstsCache hsts = config.get(ClientSettings.HSTS);
        if (hsts != null) {
            hsts.prepare(c);
        }
    }

    /** {@code handler}, or a wrapper that learns from the final head of an https request. */
    static TransferHandler watch(ClientConfig config, CurlRequest request, TransferHandler handler) {
        AltSvcCache altSvc = config.get(ClientSettings.ALT_SVC);
        HstsCache hsts = config.get(ClientSettings.HSTS);
        if ((altSvc == null && hsts == null) || !request.uri().regionMatches(true, 0, "https://", 0, 8)) {
            return handler;
        }
        boolean mayRedirect = config.effective(ClientSettings.MAX_REDIRECTS, request) > 0;
        return new ForwardingTransferHandler(handler) {
            private Headers heard;

            @Override
            public void onHead(TransferHead head) {
                // After a redirect the head is another origin's: learn only once it is known there was none.
                if (mayRedirect) {
                    heard = head.headers();
                } else {
                    learn(request.uri(), head.headers(), altSvc, hsts);
                }
                inner.onHead(head);
            }

            @Override
            public void onComplete(TransferResult result) {
                if (heard != null && result.redirects() == 0) {
                    learn(request.uri(), heard, altSvc, hsts);
                }
                inner.onComplete(result);
            }
        };
    }

    private static void learn(String uri, Headers headers, AltSvcCache altSvc, HstsCache hsts) {
        List<String> offers = altSvc == null ? List.of() : headers.all("alt-svc");
        String sts = hsts == null ? null : headers.first("strict-transport-security");
        if (offers.isEmpty() && sts == null) {
            return;
        }
        URI parsed;
        try {
            parsed = URI.create(uri);
        } catch (IllegalArgumentException e) {
            return;
        }
        String host = parsed.getHost();
        if (host == null) {
            return;
        }
        host = host.toLowerCase(Locale.ROOT);
        if (!offers.isEmpty() && !host.startsWith("[")) {
            altSvc.learn(host, parsed.getPort() < 0 ? 443 : parsed.getPort(), offers);
        }
        if (sts != null) {
            hsts.learn(host, sts);
        }
    }

    private static void requireFeature(String feature, String setting, CurlOpt option) {
        CurlVersion loaded = CurlVersion.current();
        if (!loaded.hasFeature(feature) || loaded.versionNum() < option.since()) {
            throw new UnsupportedOperationException(setting + " needs a libcurl with " + feature + " (" + option.cName()
                    + "); the loaded libcurl " + loaded.version() + " has none");
        }
    }
}
