package dev.curlmulti.bench;

import dev.curlmulti.core.CurlVersion;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.stream.Collectors;

/**
 * One libcurl that our clients and the C program run on. With {@code --libcurls} a benchmark measures
 * several in one run: each of our clients (and the C program) once per libcurl, labelled
 * {@code curl-flux [8.14.1]}, alternating within each round with the peers, which load no libcurl and
 * run once. Without it, the one libcurl is the bench JVM's own ({@link #inherited}) and labels stay bare.
 *
 * <p>Each process is given its libcurl explicitly, never through the bench JVM's environment, so two
 * libcurls never mix: our workers get {@code -Ddev.curlmulti.libcurl=FILE}; they and the C program get
 * {@code LD_LIBRARY_PATH} set to {@code libraryPath} (8.14.1 from bookworm-backports finds its own
 * ngtcp2 and nghttp3 there) or removed (the bundled libcurl needs only glibc; the system's is where
 * the loader looks anyway).
 *
 * @param name        what the scripts call it ({@code 8.14}, {@code bundled}, {@code system}); empty for
 *                    {@link #inherited}
 * @param file        the library file, or null: the bench JVM's own choice, passed on as it was given
 * @param libraryPath {@code LD_LIBRARY_PATH} for the processes that load it, or null for none
 * @param cBinary     the C program linked against it, or null (the WebSocket benchmark has none)
 * @param curl        what it says of itself, as a JVM that loaded it reported it
 * @param cCurl       what the C program reports ({@code curl_version()}), or null when it is not built
 * @param suffix      what our clients' labels end with: {@code " [8.14.1]"}, or "" when it is the only one
 */
record Libcurl(
        String name, Path file, String libraryPath, Path cBinary, CurlVersion curl, String cCurl, String suffix) {
    /** The system property multi-core loads libcurl from (LibcurlLoader). */
    private static final String PROPERTY = "dev.curlmulti.libcurl";

    /**
     * The libcurls of {@code spec}: comma-separated {@code NAME:FILE:LIBRARY_PATH:C_BINARY} (the scripts
     * write it; an empty {@code LIBRARY_PATH} means none), or the bench JVM's own when it is null. Each
     * is loaded in a JVM of its own to learn its version, and its C program is asked which libcurl it
     * loads: a C program that found another libcurl (its run-time path broken) is refused here.
     *
     * @param defaultCBinary the C program of a libcurl whose item names none (may be null)
     */
    static List<Libcurl> parse(String spec, Path defaultCBinary) {
        if (spec == null || spec.isBlank()) {
            return List.of(inherited(defaultCBinary));
        }
        List<Libcurl> libcurls = new ArrayList<>();
        for (String item : spec.split(",")) {
            String[] fields = item.split(":", -1);
            if (fields.length != 4 || fields[0].isEmpty() || fields[1].isEmpty()) {
                throw new IllegalArgumentException(
                        "--libcurls items look like NAME:FILE:LIBRARY_PATH:C_BINARY, got " + item);
            }
            String libraryPath = fields[2].isEmpty() ? null : fields[2];
            Path file = Path.of(fields[1]);
            Path cBinary = fields[3].isEmpty() ? defaultCBinary : Path.of(fields[3]);
            CurlVersion curl = probe(file, libraryPath);
            libcurls.add(
                    new Libcurl(fields[0], file, libraryPath, cBinary, curl, cCurl(cBinary, libraryPath, curl), ""));
        }
        if (new HashSet<>(libcurls.stream().map(Libcurl::tag).toList()).size() < libcurls.size()) {
            throw new IllegalArgumentException("--libcurls names one libcurl twice: " + spec);
        }
        return libcurls.size() == 1
                ? libcurls
                : libcurls.stream()
                        .map(l -> new Libcurl(
                                l.name, l.file, l.libraryPath, l.cBinary, l.curl, l.cCurl, " [" + l.tag() + "]"))
                        .toList();
    }

    /** The bench JVM's own libcurl, as before {@code --libcurls}: what it loads, its environment, as given. */
    static Libcurl inherited(Path cBinary) {
        return new Libcurl("", null, null, cBinary, CurlVersion.current(), null, "");
    }

    /** Whether {@code client} loads libcurl, and so runs once per libcurl (ours and the C program). */
    static boolean loadedBy(String client) {
        return client.startsWith("curl-")
                || client.startsWith("webclient-curl")
                || client.equals("c")
                || client.equals("c-file");
    }

    /** {@code client}'s name in the report: with this libcurl's suffix when it loads libcurl. */
    String label(String client) {
        return loadedBy(client) ? client + suffix : client;
    }

    /** For labels and headings: {@code 8.14.1}, {@code bundled 8.22.0}, {@code system 7.88.1}. */
    String tag() {
        return name.isEmpty() || curl.version().startsWith(name) ? curl.version() : name + " " + curl.version();
    }

    /**
     * The report header's line on {@code libcurls}: one as a line, several one a line; {@code whoRuns}
     * says which clients run on each (their rows labelled [version]) and which run once.
     */
    static String describeAll(List<Libcurl> libcurls, String whoRuns) {
        if (libcurls.size() == 1) {
            return "libcurl: " + libcurls.get(0).describe() + ".";
        }
        return "libcurls (" + whoRuns + "):"
                + libcurls.stream().map(libcurl -> "\n- " + libcurl.describe()).collect(Collectors.joining());
    }

    /** For the report's header: version, TLS library, file, environment and the C program's own account. */
    String describe() {
        String where = file == null ? curl.file() : file.toString();
        return tag() + " (" + curl.sslVersion() + ") from " + where
                + (libraryPath == null
                        ? (name.isEmpty() ? "" : ", no LD_LIBRARY_PATH")
                        : ", LD_LIBRARY_PATH=" + libraryPath)
                + (cCurl == null ? "" : "; the C program: " + cCurl);
    }

    /** The JVM flag that makes a worker load this libcurl, if one is needed. */
    List<String> jvmFlags() {
        if (file != null) {
            return List.of("-D" + PROPERTY + "=" + file);
        }
        String own = System.getProperty(PROPERTY);
        return own == null ? List.of() : List.of("-D" + PROPERTY + "=" + own);
    }

    /** Gives a process this libcurl's environment (the inherited one keeps the bench JVM's). */
    ProcessBuilder environment(ProcessBuilder builder) {
        if (!name.isEmpty()) {
            if (libraryPath == null) {
                builder.environment().remove("LD_LIBRARY_PATH");
            } else {
                builder.environment().put("LD_LIBRARY_PATH", libraryPath);
            }
        }
        return builder;
    }

    private static CurlVersion probe(Path file, String libraryPath) {
        Jdk jdk = Jdks.running();
        List<String> command = new ArrayList<>(List.of(jdk.java().toString()));
        if (jdk.needsNativeAccessGrant()) {
            command.add("--enable-native-access=ALL-UNNAMED");
        }
        command.addAll(List.of(
                "-D" + PROPERTY + "=" + file,
                "-cp",
                System.getProperty("java.class.path"),
                LibcurlProbe.class.getName()));
        Libcurl unprobed = new Libcurl("probe", file, libraryPath, null, null, null, "");
        try {
            return LibcurlProbe.parse(ExternalRunners.run(unprobed.environment(new ProcessBuilder(command))));
        } catch (IOException | RuntimeException e) {
            throw new IllegalStateException("cannot load libcurl " + file + ": " + e.getMessage(), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    /** The C program's {@code curl_version()}, checked against the libcurl it was built for; null if not built. */
    private static String cCurl(Path cBinary, String libraryPath, CurlVersion curl) {
        if (cBinary == null || !Files.isExecutable(cBinary)) {
            return null;
        }
        Libcurl unprobed = new Libcurl("probe", null, libraryPath, cBinary, curl, null, "");
        String reported;
        try {
            reported = ExternalRunners.run(unprobed.environment(new ProcessBuilder(cBinary.toString(), "-V")))
                    .strip();
        } catch (IOException e) {
            throw new IllegalStateException("the C program " + cBinary + " cannot say its libcurl: " + e.getMessage());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
        List<String> words = Arrays.asList(reported.split(" "));
        boolean same = words.contains("libcurl/" + curl.version())
                && (curl.sslVersion() == null || words.contains(curl.sslVersion()));
        if (!same) {
            throw new IllegalStateException("the C program " + cBinary + " loads " + reported + ", not libcurl "
                    + curl.version() + " (" + curl.sslVersion() + ") from " + curl.file());
        }
        return reported;
    }
}
