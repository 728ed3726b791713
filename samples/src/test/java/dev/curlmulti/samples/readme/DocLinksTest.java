package dev.curlmulti.samples.readme;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The documentation's relative links lead somewhere: every {@code ](file)} and {@code ](#anchor)} of the
 * README, the pages under {@code docs/}, the changelog and the contributing guide names a file that
 * exists and, with an anchor, a heading of that page. A page moved or a heading renamed fails here.
 */
class DocLinksTest {
    private static final Path ROOT = ReadmeExamplesTest.ROOT;

    @Test
    void everyRelativeLinkAndAnchorExists() throws Exception {
        List<Path> pages = new ArrayList<>(ReadmeExamplesTest.examplePages());
        pages.add(ROOT.resolve("CHANGELOG.md"));
        pages.add(ROOT.resolve("CONTRIBUTING.md"));
        List<String> broken = new ArrayList<>();
        for (Path page : pages) {
            broken.addAll(DocLinks.broken(ROOT, page));
        }
        assertThat(broken).as("links to files or anchors that do not exist").isEmpty();
    }

    @Test
    void theLinkCheckerKnowsGitHubAnchors() {
        assertThat(DocLinks.slug("The bundled libcurl (`multi-native-linux-x86_64`)"))
                .isEqualTo("the-bundled-libcurl-multi-native-linux-x86_64");
        assertThat(DocLinks.slug("Java 24+: grant native access")).isEqualTo("java-24-grant-native-access");
        assertThat(DocLinks.slug("libcurl 7.88, 8.14 and the bundled 8.22"))
                .isEqualTo("libcurl-788-814-and-the-bundled-822");
    }

    @Test
    void theLinkCheckerFindsAMissingFileAndAMissingAnchor(@TempDir Path dir) throws Exception {
        Path page = dir.resolve("page.md");
        Files.writeString(
                page,
                String.join(
                        "\n",
                        "# Title",
                        "[ok](#title) [ok](page.md#title) [gone](missing.md) [gone](#nowhere)",
                        "`[code](missing.md)` [web](https://example.com/x)",
                        "```",
                        "[fenced](missing.md)",
                        "```"));
        assertThat(DocLinks.broken(dir, page)).containsExactly("page.md:2: missing.md", "page.md:2: #nowhere");
    }
}
