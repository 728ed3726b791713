package dev.curlmulti.samples.download;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.BufferedReader;
import java.io.StringReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** The input file's format, the sizes, the JSON lines and the journal, without a network. */
class ManifestTest {
    private static final String SHA = "ab".repeat(32);

    private static List<Entry> read(String text) throws Exception {
        return Manifest.read(new BufferedReader(new StringReader(text)), "list.txt");
    }

    @Test
    void plainUrlsAndAria2cOptionLinesAreRead() throws Exception {
        List<Entry> entries = read("# mirrors of the week\n"
                + "https://example.com/a.iso\n"
                + "  out=isos/a.iso\n"
                + "\tchecksum=SHA-256=" + SHA.toUpperCase() + "\n"
                + "  size=1048576\n"
                + "  header=Accept: application/octet-stream\n"
                + "  header=X-Token: t=1\n"
                + "\n"
                + "https://example.com/b.txt\n");
        assertThat(entries).hasSize(2);
        Entry a = entries.get(0);
        assertThat(a.line()).isEqualTo(2);
        assertThat(a.url()).isEqualTo("https://example.com/a.iso");
        assertThat(a.out()).isEqualTo("isos/a.iso");
        assertThat(a.sha256()).isEqualTo(SHA);
        assertThat(a.size()).isEqualTo(1048576);
        assertThat(a.headers())
                .containsExactly(Map.entry("Accept", "application/octet-stream"), Map.entry("X-Token", "t=1"));
        assertThat(entries.get(1)).isEqualTo(new Entry(9, "https://example.com/b.txt", null, null, -1, List.of()));
    }

    @ParameterizedTest
    @CsvSource(
            delimiter = '|',
            value = {
                "http://h/a\\n  dir=/tmp|list.txt:2: unknown option 'dir'",
                "http://h/a\\thttp://mirror/a|list.txt:1: one URL per line",
                "'  out=a'|list.txt:1: an indented option line needs a URL line above it",
                "http://h/a\\n\\n  out=../a|list.txt:3: '..' refused",
                "http://h/a\\n  out=x/../../a|list.txt:2: '..' refused",
                "http://h/a\\n  out=/etc/passwd|list.txt:2: absolute path refused",
                "http://h/a\\n  out=.curl-multi-download.jsonl|list.txt:2: name refused",
                "http://h/a\\n  checksum=md5=abc|list.txt:2: checksum must be sha-256=HEX",
                "http://h/a\\n  checksum=sha-256=abc|list.txt:2: a SHA-256 is 64 hex digits",
                "http://h/a\\n  size=12K|list.txt:2: size is a number of bytes",
                "http://h/a\\n  header=NoColon|list.txt:2: a header is 'Name: value'",
                "http://h/a\\n  out|list.txt:2: expected name=value",
            })
    void aLineThatCannotBeUsedIsNamedWithItsNumber(String text, String message) {
        String manifest = text.replace("\\n", "\n").replace("\\t", "\t");
        assertThatThrownBy(() -> read(manifest))
                .isInstanceOf(Manifest.ManifestException.class)
                .hasMessageStartingWith(message);
    }

    @Test
    void sizesTakeCurlsSuffixes() {
        assertThat(Sizes.parse("512")).isEqualTo(512);
        assertThat(Sizes.parse("10K")).isEqualTo(10_240);
        assertThat(Sizes.parse("5m")).isEqualTo(5L << 20);
        assertThat(Sizes.parse("1G")).isEqualTo(1L << 30);
        for (String bad : new String[] {"", "K", "1.5M", "-1", "10T", "99999999999999999999"}) {
            assertThatThrownBy(() -> Sizes.parse(bad)).as(bad).isInstanceOf(IllegalArgumentException.class);
        }
    }

    @Test
    void jsonLinesRoundTripEveryCharacter() {
        Map<String, Object> members = new LinkedHashMap<>();
        members.put("text", "quote \" backslash \\ newline \n tab \t bell \u0007 é");
        members.put("n", 12345678901L);
        members.put("none", null);
        String line = Json.object(members);
        assertThat(line).doesNotContain("\n").contains("\\u0007");
        assertThat(Json.parse(line)).isEqualTo(members);
        assertThatThrownBy(() -> Json.parse(line.substring(0, line.length() - 5)))
                .isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void theJournalIgnoresATornLineKeepsTheLastRecordPerNameAndAppendsOnANewLine(@TempDir Path dir) throws Exception {
        try (Journal journal = Journal.open(dir)) {
            journal.append(new Journal.Record("a", "http://h/a", 1, 10, SHA, "\"1\"", null));
            journal.append(new Journal.Record("a", "http://h/a", 2, 20, SHA, "\"2\"", null));
        }
        Path file = dir.resolve(Journal.FILE_NAME);
        // A kill in the middle of a line.
        Files.writeString(
                file,
                "{\"name\":\"b\",\"size\":3,\"mti",
                StandardCharsets.UTF_8,
                java.nio.file.StandardOpenOption.APPEND);
        try (Journal journal = Journal.open(dir)) {
            assertThat(journal.get("a").etag()).isEqualTo("\"2\"");
            assertThat(journal.get("b")).isNull();
            journal.append(new Journal.Record("c", "http://h/c", 3, 30, SHA, null, "Tue, 01 Dec 2026 10:00:00 GMT"));
        }
        try (Journal journal = Journal.open(dir)) {
            assertThat(journal.get("c").lastModified()).isEqualTo("Tue, 01 Dec 2026 10:00:00 GMT");
            assertThat(journal.get("a").size()).isEqualTo(2);
        }
    }
}
