package dev.curlmulti.reactor;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.Locale;
import java.util.Set;
import java.util.concurrent.atomic.AtomicLong;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * libcurl's debug stream ({@code CURLOPT_VERBOSE}) on SLF4J, under the logger
 * {@value #LOGGER}, for a client built with {@link CurlClient.Builder#wiretap(boolean)} or while
 * that logger is at DEBUG. At DEBUG: libcurl's own messages ({@code * Connected to ...},
 * {@code * Re-using existing connection}, ALPN, TLS), the request head ({@code > }) and the
 * response head ({@code < }), with the values of {@code Authorization}, {@code Proxy-Authorization},
 * {@code Cookie} and {@code Set-Cookie} replaced by {@code [redacted]}. At TRACE also body bytes,
 * the first {@value #DATA_LIMIT} of each chunk, non-printable bytes as dots. Encrypted TLS records
 * are never logged. Each line starts with the exchange's number, {@code [#n]}. A client without
 * it sets no debug option at all: nothing to pay.
 */
final class WireLog {
    static final String LOGGER = "dev.curlmulti.wire";
    static final int DATA_LIMIT = 1024;
    private static final Logger LOG = LoggerFactory.getLogger(LOGGER);
    private static final Set<String> SECRET_HEADERS =
            Set.of("authorization", "proxy-authorization", "cookie", "set-cookie");
    private static final AtomicLong IDS = new AtomicLong();

    private WireLog() {}

    /** Whether a client built now with {@code config} sends libcurl's debug stream here. */
    static boolean wanted(ClientConfig config) {
        return config.get(ClientSettings.WIRETAP) || LOG.isDebugEnabled();
    }

    /**
     * Logs one piece of an exchange's debug stream ({@code curl_infotype} {@code type}); loop thread.
     * {@code id} is the exchange's number, 0 before its first piece; returns the number to keep for the
     * next piece, so each exchange numbers itself on first use and a quiet one takes no number.
     */
    static long log(long id, int type, ByteBuffer data) {
        long exchange = id == 0 ? IDS.incrementAndGet() : id;
        write(exchange, type, data);
        return exchange;
    }

    private static void write(long id, int type, ByteBuffer data) {
        switch (type) {
            case 0 -> {
                if (LOG.isDebugEnabled()) {
                    LOG.debug("[#{}] * {}", id, text(data).strip());
                }
            }
            case 1, 2 -> {
                if (LOG.isDebugEnabled()) {
                    String arrow = type == 1 ? "<" : ">";
                    for (String line : text(data).split("\r?\n")) {
                        if (!line.isEmpty()) {
                            LOG.debug("[#{}] {} {}", id, arrow, redacted(line));
                        }
                    }
                }
            }
            case 3, 4 -> {
                if (LOG.isTraceEnabled()) {
                    LOG.trace("[#{}] {} {} bytes: {}", id, type == 3 ? "<<" : ">>", data.remaining(), printable(data));
                }
            }
            default -> {
                // 5, 6: TLS records, encrypted: nothing to read.
            }
        }
    }

    /** A header line with a credential's value replaced. */
    static String redacted(String line) {
        int colon = line.indexOf(':');
        if (colon > 0
                && SECRET_HEADERS.contains(line.substring(0, colon).strip().toLowerCase(Locale.ROOT))) {
            return line.substring(0, colon + 1) + " [redacted]";
        }
        return line;
    }

    private static String text(ByteBuffer data) {
        byte[] bytes = new byte[data.remaining()];
        data.duplicate().get(bytes);
        return new String(bytes, StandardCharsets.ISO_8859_1);
    }

    private static String printable(ByteBuffer data) {
        int n = Math.min(DATA_LIMIT, data.remaining());
        StringBuilder out = new StringBuilder(n + 4);
        for (int i = 0; i < n; i++) {
            int b = data.get(data.position() + i) & 0xff;
            out.append(b >= 0x20 && b < 0x7f ? (char) b : '.');
        }
        if (data.remaining() > n) {
            out.append("...");
        }
        return out.toString();
    }
}
