package dev.curlmulti.core.loop;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

/** Header blocks as received, split into fields on first access. */
class HeadersTest {
    private static Headers block(String lines) {
        byte[] bytes = lines.getBytes(StandardCharsets.ISO_8859_1);
        return Headers.ofHeaderBlock(bytes, bytes.length);
    }

    @Test
    void fieldsKeepTheirOrderAndLookupIgnoresCase() {
        Headers headers = block("A: 1\r\nb: 2\r\nA: 3\r\nno colon here\r\n: empty name\r\n");
        assertThat(headers.all("a")).containsExactly("1", "3");
        assertThat(headers.first("B")).isEqualTo("2");
        assertThat(headers.size()).isEqualTo(3);
    }

    @Test
    void obsoleteFoldedLinesContinueTheFieldBeforeThem() {
        Headers headers = block("X-Long: one\r\n two\r\n\tthree\r\nNext: 4\r\n five\r\n");
        assertThat(headers.first("X-Long")).isEqualTo("one two three");
        assertThat(headers.first("Next")).isEqualTo("4 five");
    }

    @Test
    void aHeadOfManyFoldedLinesIsJoinedWhole() {
        StringBuilder lines = new StringBuilder("Location: /start\r\n");
        for (int i = 0; i < 50_000; i++) {
            lines.append(" x\r\n"); // about 200 KB of folding, as a hostile server sends
        }
        Headers headers = block(lines.toString());
        assertThat(headers.first("Location"))
                .hasSize("/start".length() + 2 * 50_000)
                .startsWith("/start x x");
    }
}
