package dev.curlmulti.core.tables;

import java.util.Map;

/**
 * Writes {@code CurlMultiOpt.java}: every option of multi.h's {@code CURLMoption} enum in the header's order,
 * with its number (type base from curl.h plus index), type and {@code since} from symbols-in-versions.
 * libcurl has deprecated no multi option, so the table has no {@code deprecatedSince}.
 */
final class MultiOptionTable {
    private MultiOptionTable() {}

    /** The file's text. */
    static String write(LibcurlSource source, Template template) {
        StringBuilder entries = new StringBuilder();
        for (CHeader.Option option : source.multi().options("CURLMoption")) {
            String type = option.type().substring("CURLOPTTYPE_".length());
            if (!template.declaresConstant(type)) {
                throw new IllegalStateException(option.type() + " is new: describe it in CurlMultiOpt.java.template");
            }
            if (source.symbols().deprecated(option.name()) != null) {
                throw new IllegalStateException(option.name() + " is deprecated: CurlMultiOpt needs a deprecatedSince");
            }
            entries.append(String.format(
                    "    %s(%d, Type.%s, %s),\n",
                    option.name().substring("CURLMOPT_".length()),
                    source.curl().number(option.type()) + option.number(),
                    type,
                    SymbolsInVersions.hex(source.symbols().introduced(option.name()))));
        }
        return template.fill(Map.of(
                "banner", source.banner("include/curl/multi.h and docs/libcurl/symbols-in-versions"),
                "version", source.majorMinor(),
                "entries", Entries.terminate(entries)));
    }
}
