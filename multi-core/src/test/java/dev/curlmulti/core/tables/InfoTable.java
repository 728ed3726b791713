package dev.curlmulti.core.tables;

import java.util.Map;

/**
 * Writes {@code CurlInfo.java}: every item of curl.h's {@code CURLINFO} enum in the header's order, its
 * number the type base plus the item's index ({@code CURLINFO_LONG + 2}), its type the base's name (PTR and
 * SLIST share a base; the header names which one an item is). Old names kept as {@code #define}
 * ({@code CURLINFO_HTTP_CODE}) are left out. {@code since} and {@code deprecatedSince} come from
 * symbols-in-versions.
 */
final class InfoTable {
    private InfoTable() {}

    /** The file's text. */
    static String write(LibcurlSource source, Template template) {
        StringBuilder entries = new StringBuilder();
        for (CHeader.Info info : source.curl().infos()) {
            String type = info.type().substring("CURLINFO_".length());
            if (!template.declaresConstant(type)) {
                throw new IllegalStateException(info.type() + " is new: describe it in CurlInfo.java.template's Type");
            }
            String deprecated = source.symbols().deprecated(info.name());
            entries.append(String.format(
                    "    %s(0x%06x, Type.%s, %s, %s),\n",
                    info.name().substring("CURLINFO_".length()),
                    source.curl().number(info.type()) + info.number(),
                    type,
                    SymbolsInVersions.hex(source.symbols().introduced(info.name())),
                    deprecated == null ? "null" : '"' + deprecated + '"'));
        }
        return template.fill(Map.of(
                "banner", source.banner("include/curl/curl.h and docs/libcurl/symbols-in-versions"),
                "version", source.majorMinor(),
                "entries", Entries.terminate(entries)));
    }
}
