package dev.curlmulti.samples.download;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.curlmulti.reactor.DownloadRequest;
import dev.curlmulti.reactor.Validators;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** What the planner asks of the library for each entry, and its rule for files already there. */
class PlannerTest {
    private static final String URL = "http://127.0.0.1:1/data/file.bin";

    @TempDir
    Path dir;

    private Planner.Item plan(Journal journal, Entry entry) throws Exception {
        return new Planner(dir, journal, true, true, 1, DownloadRequest.DEFAULT_MIN_SEGMENT_BYTES)
                .plan(List.of(entry))
                .get(0);
    }

    @Test
    void aFileIsNamedAfterTheUrlsLastSegmentWithoutQueryOrFragment() {
        assertThat(Planner.fileName("http://h/dir/a.bin?x=/y#z")).isEqualTo("a.bin");
        assertThat(Planner.fileName("http://h/dir/a%20b c.bin")).isEqualTo("a_20b_c.bin");
        assertThat(Planner.fileName("http://h/dir/")).isEqualTo("index.html");
        assertThat(Planner.fileName("http://h/..")).isEqualTo("index.html");
        assertThat(Planner.fileName("http://h/x#frag/ment")).isEqualTo("x");
    }

    @Test
    void manifestOptionsAndSplitBecomeTheDownloadRequest() throws Exception {
        String sha = "0f".repeat(32);
        Entry entry = new Entry(3, URL, "sub/name.bin", sha, 1234, List.of(Map.entry("X-A", "1")));
        try (Journal journal = Journal.open(dir)) {
            Planner.Item item = new Planner(dir, journal, false, true, 4, 65_536)
                    .plan(List.of(entry))
                    .get(0);
            DownloadRequest download = item.download();
            assertThat(item.target()).isEqualTo(dir.resolve("sub/name.bin"));
            assertThat(download.target()).isEqualTo(item.target());
            assertThat(download.resume()).isFalse();
            assertThat(download.checksum()).isTrue();
            assertThat(download.segments()).isEqualTo(4);
            assertThat(download.minSegmentBytes()).isEqualTo(65_536);
            assertThat(download.expectedSha256()).isEqualTo(sha);
            assertThat(download.expectedSize()).isEqualTo(1234);
            assertThat(download.ifUnchanged()).isNull();
            assertThat(download.request().headers()).contains(Map.entry("X-A", "1"));
        }
    }

    @Test
    void namesFromUrlsAreMadeUniqueAndATwiceUsedOutNameIsRefused() throws Exception {
        try (Journal journal = Journal.open(dir)) {
            Planner planner = new Planner(dir, journal, true, true, 1, 1);
            List<Planner.Item> items =
                    planner.plan(List.of(Entry.of(URL), Entry.of(URL + "?v=2"), Entry.of("http://h/")));
            assertThat(items).extracting(Planner.Item::name).containsExactly("file.bin", "2-file.bin", "index.html");
            Entry a = new Entry(1, "http://h/a", "same", null, -1, List.of());
            Entry b = new Entry(5, "http://h/b", "same", null, -1, List.of());
            assertThatThrownBy(() -> planner.plan(List.of(a, b)))
                    .isInstanceOf(Manifest.ManifestException.class)
                    .hasMessageContaining(":5: out=same used twice");
        }
    }

    @Test
    void aFileThereIsKeptCheckedOrFetchedByTheRule() throws Exception {
        Path file = dir.resolve("file.bin");
        Files.writeString(file, "hello");
        long mtime = Files.getLastModifiedTime(file).toMillis();
        String sha = Planner.sha256(file);
        try (Journal journal = Journal.open(dir)) {
            // Nothing known about it: fetched.
            assertThat(plan(journal, Entry.of(URL)).download()).isNotNull();
            // The manifest's size matches and nothing else is known: kept; another size: fetched.
            assertThat(plan(journal, Entry.of(URL).expecting(5, null)).download())
                    .isNull();
            assertThat(plan(journal, Entry.of(URL).expecting(6, null)).download())
                    .isNotNull();
            // The manifest's checksum decides, whatever the journal says.
            assertThat(plan(journal, Entry.of(URL).expecting(-1, sha)).download())
                    .isNull();
            assertThat(plan(journal, Entry.of(URL).expecting(-1, "00".repeat(32)))
                            .download())
                    .isNotNull();

            journal.append(new Journal.Record("file.bin", URL, 5, mtime, sha, "\"e1\"", null));
            DownloadRequest check = plan(journal, Entry.of(URL)).download();
            assertThat(check.ifUnchanged()).isEqualTo(new Validators("\"e1\"", null));
            // Another URL for that name: what the journal says is about another file.
            assertThat(plan(journal, Entry.of(URL + "2")).download().ifUnchanged())
                    .isNull();

            journal.append(new Journal.Record("file.bin", URL, 5, mtime, sha, null, null));
            assertThat(plan(journal, Entry.of(URL)).download())
                    .as("no validators to ask with")
                    .isNull();

            journal.append(new Journal.Record("file.bin", URL, 5, mtime - 1000, sha, "\"e1\"", null));
            assertThat(plan(journal, Entry.of(URL)).download())
                    .as("changed on disk since it was written")
                    .isNotNull()
                    .extracting(DownloadRequest::ifUnchanged)
                    .isNull();
        }
    }
}
