package dev.curlmulti.core.tables;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Writes {@code CurlOpt.java}: every easy option of curl.h's {@code CURLoption} enum in the header's order,
 * then the old names curl.h keeps as {@code #define CURLOPT_OLD CURLOPT_NEW} (in the header's order), each
 * with the number and type of the option it names. {@code since} and {@code deprecatedSince} are the
 * name's own, from symbols-in-versions, so {@code Curl.setopt} refuses a name the loaded libcurl predates.
 * A {@code #define} that names no option (the removed {@code CURLOPT_WRITEINFO} names a placeholder 9999)
 * is left out.
 */
final class OptionTable {
    private OptionTable() {}

    /** The file's text. */
    static String write(LibcurlSource source, Template template) {
        Map<String, CHeader.Option> options = new LinkedHashMap<>();
        for (CHeader.Option option : source.curl().options("CURLoption")) {
            options.put(option.name(), option);
        }
        List<String> names = new ArrayList<>(options.keySet());
        source.curl().defines("CURLOPT_").forEach((alias, target) -> {
            CHeader.Option option = options.get(target);
            if (option != null && !options.containsKey(alias)) {
                options.put(alias, option);
                names.add(alias);
            }
        });
        StringBuilder entries = new StringBuilder();
        for (String name : names) {
            CHeader.Option option = options.get(name);
            String type = option.type().substring("CURLOPTTYPE_".length());
            if (!template.declaresConstant(type)) {
                throw new IllegalStateException(option.type() + " is new: describe it in CurlOpt.java.template's Type");
            }
            String deprecated = source.symbols().deprecated(name);
            entries.append(String.format(
                    "    %s(%d, Type.%s, %s, %s),\n",
                    name.substring("CURLOPT_".length()),
                    source.curl().number(option.type()) + option.number(),
                    type,
                    SymbolsInVersions.hex(source.symbols().introduced(name)),
                    deprecated == null ? "null" : '"' + deprecated + '"'));
        }
        return template.fill(Map.of(
                "banner", source.banner("include/curl/curl.h and docs/libcurl/symbols-in-versions"),
                "version", source.majorMinor(),
                "entries", Entries.terminate(entries)));
    }
}
