package dev.curlmulti.bench;

import dev.curlmulti.core.CurlVersion;
import dev.curlmulti.core.LibcurlOrigin;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The JVM that says which libcurl it loaded, for {@link Libcurl}: the bench JVM measures several
 * libcurls and loads none of them itself, since one process can hold only one. Prints one line of
 * tab-separated fields ({@link #format}) and exits; {@link #parse} reads it back.
 * Usage: {@code LibcurlProbe}, with {@code -Ddev.curlmulti.libcurl} and {@code LD_LIBRARY_PATH} as
 * the workers get them.
 */
public final class LibcurlProbe {
    private LibcurlProbe() {}

    public static void main(String[] args) {
        System.out.println(format(CurlVersion.current()));
    }

    static String format(CurlVersion curl) {
        return String.join(
                "\t",
                curl.version(),
                Integer.toString(curl.versionNum()),
                curl.host(),
                curl.sslVersion() == null ? "" : curl.sslVersion(),
                String.join(",", curl.features()),
                String.join(",", curl.protocols()),
                curl.file(),
                curl.binding(),
                curl.origin().name());
    }

    static CurlVersion parse(String line) {
        String[] fields = line.strip().split("\t", -1);
        if (fields.length != 9) {
            throw new IllegalArgumentException("the libcurl probe printed '" + line.strip() + "', expected 9 fields");
        }
        String ssl = fields[3].isEmpty() ? null : fields[3];
        return new CurlVersion(
                fields[0],
                Integer.parseInt(fields[1]),
                fields[2],
                ssl,
                Set.of(fields[4].split(",")),
                List.of(fields[5].split(",")),
                fields[6],
                fields[7],
                LibcurlOrigin.valueOf(fields[8]),
                Map.of(),
                null);
    }
}
