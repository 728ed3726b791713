package dev.curlmulti.reactor;

import dev.curlmulti.core.Curl;
import dev.curlmulti.core.CurlOpt;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/** Turns one request into the few options its (pooled) handle needs on top of the template's. */
final class RequestOptions {
    private RequestOptions() {}

    /** Sets the request's options; returns true when the body goes through the read callback. */
    static boolean apply(Curl c, CurlRequest request, ClientConfig config) {
        c.setopt(CurlOpt.URL, request.uri());
        String method = request.method();
        RequestBody body = request.body();
        boolean streamed = false;
        if (body instanceof RequestBody.Bytes bytes) {
            c.setopt(CurlOpt.POSTFIELDS, bytes.bytes());
            if (!method.equals("POST")) {
                c.setopt(CurlOpt.CUSTOMREQUEST, method);
            }
        } else if (body instanceof MultipartBody) {
            // The mime (MultipartUploads) makes it a POST; another method is named over it.
            if (!method.equals("POST")) {
                c.setopt(CurlOpt.CUSTOMREQUEST, method);
            }
        } else if (body != null) {
            streamed = true;
            c.setopt(CurlOpt.UPLOAD, true);
            long length = body.contentLength();
            if (length >= 0) {
                c.setopt(CurlOpt.INFILESIZE_LARGE, length);
            }
            if (!method.equals("PUT")) {
                c.setopt(CurlOpt.CUSTOMREQUEST, method);
            }
        } else {
            switch (method) {
                case "GET" -> {}
                case "HEAD" -> c.setopt(CurlOpt.NOBODY, true);
                case "POST" -> c.setopt(CurlOpt.POSTFIELDS, new byte[0]);
                default -> c.setopt(CurlOpt.CUSTOMREQUEST, method);
            }
        }
        List<String> headers = headerLines(request, config, body != null);
        if (!headers.isEmpty()) {
            c.setopt(CurlOpt.HTTPHEADER, headers);
        }
        applySettings(c, request, config);
        Discovery.prepare(c, config);
        return streamed;
    }

    /**
     * The request's own settings where they differ from the client's, and the per-transfer ones
     * with the value that applies. Each one the template also sets costs the request a fresh handle
     * instead of a pooled one (the pool closes a handle whose template options were changed).
     */
    private static void applySettings(Curl c, CurlRequest request, ClientConfig config) {
        if (request.directConnection()
                && (config.get(ClientSettings.PROXY) != null || config.get(ClientSettings.ENVIRONMENT_PROXY))) {
            c.setopt(CurlOpt.PROXY, "");
        }
        for (ClientSetting<?> setting : ClientSettings.requestOverridable()) {
            apply(c, setting, request, config);
        }
    }

    private static <T> void apply(Curl c, ClientSetting<T> setting, CurlRequest request, ClientConfig config) {
        T own = request.setting(setting);
        if (setting.onTransfer != null) {
            T value = own != null ? own : config.get(setting);
            if (value != null) {
                setting.onTransfer.set(c, value, config);
            }
        } else if (setting.onOverride != null && own != null && !own.equals(config.get(setting))) {
            setting.onOverride.set(c, own, config);
        }
    }

    /** A request's own proxy in place of the client's. */
    static void overrideProxy(Curl c, ProxyConfig proxy, ClientConfig config) {
        if (config.get(ClientSettings.PROXY) != null) {
            // Credentials and exclusions of the client's proxy must not leak to this one.
            c.setopt(CurlOpt.PROXYUSERNAME, (String) null);
            c.setopt(CurlOpt.PROXYPASSWORD, (String) null);
            c.setopt(CurlOpt.NOPROXY, (String) null);
        }
        TemplateOptions.applyProxy(c, proxy, config);
    }

    private static List<String> headerLines(CurlRequest request, ClientConfig config, boolean hasBody) {
        if (!hasBody && config.defaultHeaders.isEmpty() && request.headers().isEmpty()) {
            return List.of();
        }
        List<String> lines =
                new ArrayList<>(config.defaultHeaders.size() + request.headers().size() + 1);
        boolean expectSet = false;
        for (Map.Entry<String, String> header : config.defaultHeaders) {
            if (!definedByRequest(request, header.getKey())) {
                lines.add(line(header));
            }
        }
        for (Map.Entry<String, String> header : request.headers()) {
            lines.add(line(header));
            expectSet |= header.getKey().equalsIgnoreCase("Expect");
        }
        if (hasBody && !expectSet) {
            // libcurl would wait up to a second for "100 Continue" before sending a large body.
            lines.add("Expect:");
        }
        return lines;
    }

    private static boolean definedByRequest(CurlRequest request, String name) {
        for (Map.Entry<String, String> header : request.headers()) {
            if (header.getKey().equalsIgnoreCase(name)) {
                return true;
            }
        }
        return false;
    }

    private static String line(Map.Entry<String, String> header) {
        // An empty value needs libcurl's "Name;" form, or libcurl would drop the header.
        return header.getValue().isEmpty() ? header.getKey() + ";" : header.getKey() + ": " + header.getValue();
    }
}
