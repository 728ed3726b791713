package dev.curlmulti.reactor;

import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;

/**
 * Writes the record an interrupted single-stream attempt leaves beside its part file, for tests
 * that make such a part file by hand: without the record the part file is not continued.
 */
final class PartRecords {
    private PartRecords() {}

    /** The record of the file at {@code url} as the server describes it now (its length and validators). */
    static void recordServersVersion(CurlClient client, String url, Path target) throws IOException {
        CurlResponse response =
                client.get(url).flatMap(r -> r.bodyAsBytes().thenReturn(r)).block(Duration.ofSeconds(30));
        Validators validators = Validators.of(
                response.headers().first("ETag"), response.headers().first("Last-Modified"));
        long length = Long.parseLong(response.headers().first("Content-Length"));
        new PartRecord(length, validators, false).write(target);
    }

    /** A record naming the version {@code etag} of a file of {@code length} bytes (-1 unknown). */
    static void record(Path target, long length, String etag) throws IOException {
        new PartRecord(length, new Validators(etag, null), false).write(target);
    }
}
