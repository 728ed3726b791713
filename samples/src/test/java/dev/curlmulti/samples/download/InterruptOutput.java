package dev.curlmulti.samples.download;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.stream.Collectors;
import java.util.stream.Stream;

/**
 * The downloader's output directory as the test sees it while the program runs and after: which files are
 * complete (under their final name), which are still {@code NAME.part} and how long, and whether the bytes
 * on disk are the server's. Reads only; a file that disappears while it is read (renamed when complete)
 * counts as absent.
 *
 * <p><b>Threading:</b> one test thread.
 */
final class InterruptOutput {
    private static final int PAGE = 4096;

    private final Path directory;
    private final ByteBuffer buffer = ByteBuffer.allocateDirect(1 << 20);

    InterruptOutput(Path directory) {
        this.directory = directory;
    }

    Path directory() {
        return directory;
    }

    /** Every file's name in the directory but the program's journal (none before the program creates it). */
    Set<String> names() {
        if (!Files.isDirectory(directory)) {
            return Set.of();
        }
        try (Stream<Path> files = Files.list(directory)) {
            return files.map(f -> f.getFileName().toString())
                    .filter(name -> !name.equals(Journal.FILE_NAME))
                    .collect(Collectors.toCollection(TreeSet::new));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The served files present under their final name. */
    List<InterruptServer.Served> complete(List<InterruptServer.Served> served) {
        Set<String> names = names();
        return served.stream().filter(f -> names.contains(f.name())).toList();
    }

    /** The part files' lengths, by the name of the file each continues. */
    Map<String, Long> parts() {
        Map<String, Long> parts = new TreeMap<>();
        for (String name : names()) {
            if (name.endsWith(".part")) {
                long size = sizeOrMinusOne(directory.resolve(name));
                if (size >= 0) {
                    parts.put(name.substring(0, name.length() - ".part".length()), size);
                }
            }
        }
        return parts;
    }

    /** A single stream's part file holds exactly the first bytes of the file: its length claims nothing else. */
    void assertPartIsAPrefix(InterruptServer.Served file) throws IOException {
        byte[] part = Files.readAllBytes(directory.resolve(file.name() + ".part"));
        assertThat(part.length).as("length of %s.part", file.name()).isLessThanOrEqualTo(file.size());
        for (int i = 0; i < part.length; i++) {
            if (part[i] != file.content()[i]) {
                throw new AssertionError(file.name() + ".part differs from the server's file at byte " + i + " of "
                        + part.length + " on disk");
            }
        }
    }

    /** A part file written in place at several offsets: every byte is the server's, or a hole (zero). */
    void assertNothingMisplaced(InterruptServer.Served file, Path part) throws IOException {
        byte[] bytes = Files.readAllBytes(part);
        assertThat(bytes.length).as("length of %s", part).isLessThanOrEqualTo(file.size());
        for (int i = 0; i < bytes.length; i++) {
            if (bytes[i] != 0 && bytes[i] != file.content()[i]) {
                throw new AssertionError(part + " holds a byte that is not the server's at offset " + i);
            }
        }
    }

    /**
     * About how many of {@code file}'s bytes are in {@code part} at their own offsets, counted by 4 KiB page
     * (a page counts when its first 8 bytes are the server's; a hole reads as zeros, which no served word
     * is). Cheap enough to poll: one read of the file into a reused buffer, no copy to the heap.
     */
    long bytesInPlace(InterruptServer.Served file, Path part) {
        ByteBuffer source = ByteBuffer.wrap(file.content());
        buffer.clear();
        long pages = 0;
        try (FileChannel channel = FileChannel.open(part)) {
            long position = 0;
            int n;
            while ((n = channel.read(buffer, position)) > 0) {
                for (int i = 0; i + 8 <= n; i += PAGE) {
                    long offset = position + i;
                    if (offset + 8 <= file.size() && buffer.getLong(i) == source.getLong((int) offset)) {
                        pages++;
                    }
                }
                position += n - n % PAGE;
                buffer.clear();
                if (n % PAGE != 0) {
                    break;
                }
            }
        } catch (NoSuchFileException e) {
            return 0;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return pages * PAGE;
    }

    /** After a complete run: every file under its name with the server's SHA-256, and nothing else left. */
    void assertEveryFileCompleteAndNothingElse(List<InterruptServer.Served> served, String report) throws IOException {
        assertThat(names())
                .as("the output directory holds the files and nothing else (no part files)\n%s", report)
                .containsExactlyInAnyOrderElementsOf(
                        served.stream().map(InterruptServer.Served::name).toList());
        assertCompleteFilesVerify(served);
    }

    /** Each of these files is under its final name with the server's SHA-256. */
    void assertCompleteFilesVerify(List<InterruptServer.Served> served) throws IOException {
        for (InterruptServer.Served file : served) {
            assertThat(sha256(directory.resolve(file.name())))
                    .as("SHA-256 of %s", file.name())
                    .isEqualTo(file.sha256());
        }
    }

    private static String sha256(Path file) throws IOException {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(Files.readAllBytes(file)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    private static long sizeOrMinusOne(Path file) {
        try {
            return Files.size(file);
        } catch (NoSuchFileException e) {
            return -1;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
