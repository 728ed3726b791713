package dev.curlmulti.bench;

/**
 * One part of the report: every client measured on one worker JDK in one mode. Ratios and
 * targets compare clients within a section only, since each section's clients alternate in the
 * same rounds (the C program and wrk run again in every section for that reason).
 *
 * @param mode {@code unpinned} or {@code pinned}
 * @param jdk  the JDK the Java workers ran on
 */
record Section(String mode, Jdk jdk) {

    /** For headings: {@code JDK 25 (temurin-25-jdk-amd64), pinned}. */
    String title() {
        return jdk.label() + ", " + mode;
    }

    /** Whether our clients run on the FFM binding here by default (the native-speed targets differ). */
    boolean ffmJdk() {
        return jdk.feature() >= 22;
    }
}
