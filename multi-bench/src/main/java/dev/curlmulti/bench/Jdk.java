package dev.curlmulti.bench;

import java.nio.file.Path;

/**
 * A JDK the worker JVMs run on ({@code bin/bench --jdks=...}): its home and its feature version.
 *
 * @param home    the JDK's home directory (what {@code JAVA_HOME} would be)
 * @param feature the feature version: 17, 21, 25, ...
 */
record Jdk(Path home, int feature) {

    Path java() {
        return home.resolve("bin").resolve("java");
    }

    /**
     * JDK 22+ warns about, and will refuse, native access that was not granted: JNA's
     * {@code System.load} and the FFM binding's restricted methods both need it.
     */
    boolean needsNativeAccessGrant() {
        return feature >= 22;
    }

    /** For headings: {@code JDK 25 (temurin-25-jdk-amd64)}. */
    String label() {
        Path name = home.getFileName();
        return "JDK " + feature + " (" + (name == null ? home : name) + ")";
    }
}
