package dev.curlmulti.core.tables;

import java.util.List;
import java.util.Map;

/**
 * Writes {@code CurlCodes.java}: the names of curl.h's {@code CURLcode} (from 0) and multi.h's {@code CURLMcode}
 * (from -1) in value order, up to their {@code CURL_LAST} / {@code CURLM_LAST} markers. A comment line marks
 * where the easy codes of a newer major version begin ({@code // libcurl 8.x}), so a reader sees which names
 * an older libcurl never returns.
 */
final class CodesTable {
    private CodesTable() {}

    /** The file's text. */
    static String write(LibcurlSource source, Template template) {
        List<String> easy = source.curl().consecutiveNames("CURLcode", "CURL_LAST", 0);
        List<String> multi = source.multi().consecutiveNames("CURLMcode", "CURLM_LAST", -1);
        return template.fill(Map.of(
                "banner",
                        source.banner("include/curl/curl.h, include/curl/multi.h and docs/libcurl/symbols-in-versions"),
                "version", source.majorMinor(),
                "easy", names(easy, source.symbols()),
                "multi", names(multi, null)));
    }

    /** One quoted name a line, comma-separated; with {@code symbols}, a comment before each newer major's first. */
    private static String names(List<String> names, SymbolsInVersions symbols) {
        StringBuilder text = new StringBuilder();
        int major = symbols == null ? 0 : SymbolsInVersions.major(symbols.introduced(names.get(0)));
        for (int i = 0; i < names.size(); i++) {
            String name = names.get(i);
            // CURLE_OBSOLETEnn placeholders are not in symbols-in-versions: they mark a retired number, not a new name.
            if (symbols != null && symbols.has(name) && SymbolsInVersions.major(symbols.introduced(name)) > major) {
                major = SymbolsInVersions.major(symbols.introduced(name));
                text.append("            // libcurl ").append(major).append(".x\n");
            }
            text.append("            \"").append(name).append('"').append(i + 1 < names.size() ? ",\n" : "\n");
        }
        return text.toString();
    }
}
