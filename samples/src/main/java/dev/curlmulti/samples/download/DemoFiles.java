package dev.curlmulti.samples.download;

import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Random;

/**
 * The built-in demo's catalogue: a few hundred generated files from 1 KiB to 64 MiB, some served
 * slowly, a few failing on purpose, one failing once and then working. Content is computed from
 * the file's name and offset, so any byte range can be served without storing anything.
 */
final class DemoFiles {
    /** How the server treats a file. */
    enum Kind {
        NORMAL,
        SLOW,
        FLAKY,
        MISSING,
        BROKEN,
        RESET
    }

    record DemoFile(String name, long size, Kind kind, int seed) {
        boolean expectedToFail() {
            return kind == Kind.MISSING || kind == Kind.BROKEN || kind == Kind.RESET;
        }
    }

    private DemoFiles() {}

    static List<DemoFile> catalogue() {
        List<DemoFile> files = new ArrayList<>();
        // One 64 MiB file, one 32 MiB, two 16 MiB ... the big end of the range.
        long[][] big = {{64, 1}, {32, 1}, {16, 2}, {8, 2}, {4, 3}, {2, 4}, {1, 6}};
        for (long[] size : big) {
            for (int i = 0; i < size[1]; i++) {
                files.add(
                        new DemoFile("big-" + size[0] + "MiB-" + i + ".bin", size[0] << 20, Kind.NORMAL, files.size()));
            }
        }
        Random random = new Random(42);
        for (int i = 0; i < 260; i++) {
            long size = 1024L << random.nextInt(10); // 1 KiB .. 512 KiB
            size += random.nextInt(1024);
            files.add(new DemoFile("file-" + i + ".dat", size, Kind.NORMAL, files.size()));
        }
        for (int i = 0; i < 5; i++) {
            files.add(new DemoFile("slow-" + i + ".bin", 384 * 1024, Kind.SLOW, files.size()));
        }
        files.add(new DemoFile("flaky.bin", 200_000, Kind.FLAKY, files.size()));
        files.add(new DemoFile("missing.bin", 1000, Kind.MISSING, files.size()));
        files.add(new DemoFile("broken.bin", 1000, Kind.BROKEN, files.size()));
        files.add(new DemoFile("reset.bin", 1_000_000, Kind.RESET, files.size()));
        return files;
    }

    /** Bytes {@code [offset, offset + length)} of {@code file} into {@code target}. */
    static void fill(DemoFile file, long offset, byte[] target, int length) {
        byte[] block = block(file.seed());
        for (int i = 0; i < length; i++) {
            long position = offset + i;
            target[i] = (byte) (block[(int) (position & 0xFFFF)] + (position >>> 16));
        }
    }

    private static final byte[][] BLOCKS = new byte[1024][];

    private static synchronized byte[] block(int seed) {
        byte[] block = BLOCKS[seed];
        if (block == null) {
            block = new byte[1 << 16];
            new Random(seed * 7919L + 1).nextBytes(block);
            BLOCKS[seed] = block;
        }
        return block;
    }

    /** The SHA-256 of a whole file, as hex. */
    static String sha256(DemoFile file) {
        try {
            MessageDigest digest = MessageDigest.getInstance("SHA-256");
            byte[] chunk = new byte[1 << 16];
            for (long offset = 0; offset < file.size(); offset += chunk.length) {
                int n = (int) Math.min(chunk.length, file.size() - offset);
                fill(file, offset, chunk, n);
                digest.update(chunk, 0, n);
            }
            return HexFormat.of().formatHex(digest.digest());
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
