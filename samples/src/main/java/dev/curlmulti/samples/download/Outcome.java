package dev.curlmulti.samples.download;

import dev.curlmulti.reactor.DownloadResult;
import dev.curlmulti.reactor.DownloadVerificationException;
import java.io.IOException;
import java.nio.file.Files;

/**
 * How one entry ended: downloaded, not modified (the server's 304 for the copy we have), skipped
 * (complete before the run), or failed. Immutable.
 *
 * @param item   the entry and its file
 * @param result the download's result, or null when skipped
 * @param kind   which of the four
 * @param error  why it failed, or null
 */
record Outcome(Planner.Item item, DownloadResult result, Kind kind, Throwable error) {
    /** The four ways an entry ends, with the word the report uses. */
    enum Kind {
        DOWNLOADED("downloaded"),
        NOT_MODIFIED("not-modified"),
        SKIPPED("skipped"),
        FAILED("failed");

        private final String word;

        Kind(String word) {
            this.word = word;
        }

        /** The report's word for it. */
        String word() {
            return word;
        }
    }

    /** An entry complete before the run. */
    static Outcome skipped(Planner.Item item) {
        return new Outcome(item, null, Kind.SKIPPED, null);
    }

    /**
     * The outcome of a finished download. A file the library accepted that still differs from the
     * manifest's size or SHA-256 is removed from its final name and counted as failed, so the rule
     * holds whichever check caught it.
     */
    static Outcome of(Planner.Item item, DownloadResult result) {
        if (!result.succeeded()) {
            return new Outcome(item, result, Kind.FAILED, result.error());
        }
        if (result.notModified()) {
            return new Outcome(item, result, Kind.NOT_MODIFIED, null);
        }
        Entry entry = item.entry();
        String problem = null;
        if (entry.size() >= 0 && result.bytes() != entry.size()) {
            problem = "expected " + entry.size() + " bytes, received " + result.bytes();
        } else if (entry.sha256() != null && !entry.sha256().equals(result.sha256())) {
            problem = "expected SHA-256 " + entry.sha256() + ", received " + result.sha256();
        }
        if (problem == null) {
            return new Outcome(item, result, Kind.DOWNLOADED, null);
        }
        DownloadVerificationException error = new DownloadVerificationException(item.name() + ": " + problem);
        try {
            Files.deleteIfExists(item.target());
        } catch (IOException e) {
            error.addSuppressed(e);
        }
        return new Outcome(item, result, Kind.FAILED, error);
    }

    /** Whether the file is complete and verified after the run. */
    boolean complete() {
        return error == null;
    }
}
