package dev.curlmulti.reactor;

import static org.assertj.core.api.Assertions.assertThat;

import dev.curlmulti.core.testing.Nginx;
import dev.curlmulti.core.testing.NoLeakedHandles;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import okhttp3.mockwebserver.MockResponse;
import okhttp3.mockwebserver.MockWebServer;
import okhttp3.mockwebserver.RecordedRequest;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

/** Conditional downloads: the validators of the copy at the target sent back, a 304 that keeps it. */
@ExtendWith(NoLeakedHandles.class)
@Timeout(120)
class ConditionalDownloadTest {
    private static final Duration LIMIT = Duration.ofSeconds(30);
    private static final FileTime MARKED = FileTime.fromMillis(1_000_000_000_000L);
    private static final String DATE = "Wed, 21 Oct 2015 07:28:00 GMT";

    @TempDir
    Path dir;

    private final List<RecordedRequest> requests = new CopyOnWriteArrayList<>();
    private Nginx nginx;
    private CurlClient client;
    private String sha;
    private Path target;
    private DownloadResult first;

    @BeforeEach
    void setUp() throws IOException {
        nginx = new Nginx();
        client = CurlClient.create();
        sha = nginx.writeCountingFile("c.bin", 2_000_000);
        target = dir.resolve("c.bin");
        first = client.download(nginx.httpUrl("c.bin"), target).block(LIMIT);
        // Marks the copy: a download that rewrote it would change its modification time.
        Files.setLastModifiedTime(target, MARKED);
    }

    @AfterEach
    void tearDown() {
        client.dispose();
        nginx.close();
    }

    private DownloadRequest again(Validators validators) {
        return DownloadRequest.of(nginx.httpUrl("c.bin"), target).ifUnchanged(validators);
    }

    @Test
    void anUnchangedFileByItsEtagIsA304ThatKeepsTheTargetAsItWas() throws Exception {
        Validators sent = new Validators(first.validators().etag(), null);
        DownloadResult result = client.download(again(sent)).block(LIMIT);
        assertThat(result.notModified()).isTrue();
        assertThat(result.status()).isEqualTo(304);
        assertThat(result.path()).isEqualTo(target);
        assertThat(result.bytes()).isEqualTo(2_000_000);
        assertThat(result.segments()).isZero();
        assertThat(result.sha256()).isEqualTo(sha);
        assertThat(result.validators().etag()).isEqualTo(sent.etag());
        assertThat(result.elapsed()).isPositive();
        assertThat(Files.getLastModifiedTime(target)).isEqualTo(MARKED);
        assertThat(FileDownload.partFile(target)).doesNotExist();
    }

    @Test
    void anUnchangedFileByItsLastModifiedDateIsA304() throws Exception {
        Validators sent = new Validators(null, first.validators().lastModified());
        DownloadResult result = client.download(again(sent)).block(LIMIT);
        assertThat(result.notModified()).isTrue();
        assertThat(result.validators().lastModified()).isEqualTo(sent.lastModified());
        assertThat(Files.getLastModifiedTime(target)).isEqualTo(MARKED);
    }

    @Test
    void aChangedFileIsFetchedWholeWithItsNewValidators() throws Exception {
        String changed = nginx.writeCountingFile("c.bin", 1_000_000);
        DownloadResult result = client.download(again(first.validators())).block(LIMIT);
        assertThat(result.notModified()).isFalse();
        assertThat(result.status()).isEqualTo(200);
        assertThat(result.sha256()).isEqualTo(changed);
        assertThat(result.segments()).isEqualTo(1);
        assertThat(result.validators().etag()).isNotEqualTo(first.validators().etag());
        assertThat(Files.size(target)).isEqualTo(1_000_000);
    }

    @Test
    void theConditionsReachTheServerAndA304sNewValidatorsAreKept() throws Exception {
        try (MockWebServer server =
                recording(new MockResponse().setResponseCode(304).setHeader("ETag", "\"v2\""))) {
            DownloadResult result = client.download(
                            DownloadRequest.of(server.url("/c").toString(), target)
                                    .ifUnchanged(new Validators("\"v1\"", DATE)))
                    .block(LIMIT);
            assertThat(requests).hasSize(1);
            assertThat(requests.get(0).getHeader("If-None-Match")).isEqualTo("\"v1\"");
            assertThat(requests.get(0).getHeader("If-Modified-Since")).isEqualTo(DATE);
            assertThat(result.notModified()).isTrue();
            assertThat(result.validators()).isEqualTo(new Validators("\"v2\"", DATE));
        }
    }

    @Test
    void aPartFileGoesWithTheConditionsAndA304DropsIt() throws Exception {
        Files.writeString(FileDownload.partFile(target), "an interrupted fetch of another version");
        try (MockWebServer server = recording(new MockResponse().setResponseCode(304))) {
            DownloadResult result = client.download(
                            DownloadRequest.of(server.url("/c").toString(), target)
                                    .ifUnchanged(new Validators("\"v1\"", null)))
                    .block(LIMIT);
            assertThat(requests.get(0).getHeader("Range")).isEqualTo("bytes=39-");
            assertThat(requests.get(0).getHeader("If-None-Match")).isEqualTo("\"v1\"");
            assertThat(result.notModified()).isTrue();
            assertThat(FileDownload.partFile(target)).doesNotExist();
            assertThat(Files.getLastModifiedTime(target)).isEqualTo(MARKED);
        }
    }

    @Test
    void withoutACopyAtTheTargetTheConditionsAreDroppedAndTheFileIsFetched() throws Exception {
        Files.delete(target);
        try (MockWebServer server = recording(new MockResponse().setBody("fresh"))) {
            DownloadResult result = client.download(
                            DownloadRequest.of(server.url("/c").toString(), target)
                                    .ifUnchanged(new Validators("\"v1\"", DATE)))
                    .block(LIMIT);
            assertThat(requests.get(0).getHeader("If-None-Match")).isNull();
            assertThat(requests.get(0).getHeader("If-Modified-Since")).isNull();
            assertThat(result.status()).isEqualTo(200);
            assertThat(Files.readString(target)).isEqualTo("fresh");
        }
    }

    @Test
    void a304WhenTheCopyVanishedMeanwhileFailsTypedAndLeavesNoPartFile() throws Exception {
        try (MockWebServer server = LambdaMockServer.start(request -> {
            try {
                Files.delete(target); // after the request left with its conditions
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
            return new MockResponse().setResponseCode(304);
        })) {
            Throwable error =
                    failure(client.download(DownloadRequest.of(server.url("/c").toString(), target)
                            .ifUnchanged(new Validators("\"v1\"", null))));
            assertThat(error).isInstanceOf(NoSuchFileException.class).hasMessageContaining("304");
            assertThat(FileDownload.partFile(target)).doesNotExist();
        }
    }

    @Test
    void a304ForACopyThatDoesNotMatchTheExpectedShaFailsAndKeepsTheCopy() throws Exception {
        Files.writeString(target, "edited locally", StandardCharsets.US_ASCII);
        Throwable error = failure(client.download(again(first.validators()).withExpectedSha256(sha)));
        assertThat(error).isInstanceOf(DownloadVerificationException.class);
        assertThat(Files.readString(target)).isEqualTo("edited locally");
    }

    @Test
    void aBatchCountsA304AsASuccessWithItsTime() {
        DownloadResult result = client.batch(Flux.just(again(first.validators())), 1, 2)
                .results()
                .single()
                .block(LIMIT);
        assertThat(result.succeeded()).isTrue();
        assertThat(result.notModified()).isTrue();
        assertThat(result.attempts()).isEqualTo(1);
        assertThat(result.elapsed()).isPositive();
    }

    private MockWebServer recording(MockResponse answer) throws IOException {
        return LambdaMockServer.start(request -> {
            requests.add(request);
            return answer;
        });
    }

    private static Throwable failure(Mono<?> download) {
        try {
            download.block(LIMIT);
        } catch (RuntimeException e) {
            return reactor.core.Exceptions.unwrap(e);
        }
        throw new AssertionError("the download succeeded");
    }
}
