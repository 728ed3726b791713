package dev.curlmulti.core.internal;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * This class alone decides which {@link NativeBinding} the process uses, once, on first use: the
 * Foreign Function &amp; Memory binding on Java 22+ when the JAR carries it (a multi-release JAR
 * built with a JDK 22+), else JNA. {@code -Ddev.curlmulti.binding=jna} forces JNA; {@code =ffm}
 * insists on FFM and fails with a clear error when it cannot be had. Which libcurl the chosen
 * binding opens is not its concern: that is {@link LibraryChooser}'s, for either binding.
 */
final class Bindings {
    /** The system property that picks the binding: {@code jna}, {@code ffm}, or unset for the best one. */
    static final String PROPERTY = "dev.curlmulti.binding";

    private static final String FFM_CLASS = "dev.curlmulti.core.internal.ffm.FfmBinding";
    private static final Logger LOG = LoggerFactory.getLogger(NativeBinding.class);

    static final NativeBinding INSTANCE = choose();

    private Bindings() {}

    private static NativeBinding choose() {
        String wanted = System.getProperty(PROPERTY, "").trim();
        if (wanted.equalsIgnoreCase("jna")) {
            return new dev.curlmulti.core.internal.jna.JnaBinding();
        }
        if (!wanted.isEmpty() && !wanted.equalsIgnoreCase("ffm")) {
            throw new IllegalArgumentException("-D" + PROPERTY + " must be jna or ffm, not " + wanted);
        }
        int feature = Runtime.version().feature();
        if (feature >= 22) {
            try {
                return (NativeBinding)
                        Class.forName(FFM_CLASS).getDeclaredConstructor().newInstance();
            } catch (ReflectiveOperationException | LinkageError | RuntimeException e) {
                if (wanted.equalsIgnoreCase("ffm")) {
                    throw new IllegalStateException(
                            "-D" + PROPERTY + "=ffm, but the FFM binding cannot be used here: " + e, e);
                }
                LOG.debug("FFM binding not available, using JNA", e);
            }
        } else if (wanted.equalsIgnoreCase("ffm")) {
            throw new IllegalStateException("-D" + PROPERTY + "=ffm needs Java 22 or newer; this is Java " + feature);
        }
        return new dev.curlmulti.core.internal.jna.JnaBinding();
    }
}
