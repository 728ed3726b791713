package dev.curlmulti.core.internal;

import java.nio.ByteBuffer;
import java.util.function.Supplier;

/**
 * A libcurl a binding has opened with the dynamic linker, before any of its call wrappers are
 * bound: the few raw calls {@link LibcurlLoader} needs to decide whether the library can be used.
 * Each binding implements this and {@link Opener} and nothing else of loading; which file to open,
 * the checks and the error messages are the loader's. Used only on the thread that loads libcurl.
 */
public interface OpenedLibrary {
    /** The file the dynamic linker opened, or the name it was given when the binding cannot tell. */
    String file();

    /** {@code curl_version_info(CURLVERSION_FIRST)}: the address of the library's static struct. */
    long versionInfo();

    /** {@code curl_global_init(flags)}: libcurl's code. */
    int globalInit(long flags);

    /** A read-only view of {@code length} bytes at {@code address}, in native byte order. */
    ByteBuffer view(long address, long length);

    /** The NUL-terminated string at {@code address}, or null for 0. */
    String string(long address);

    /**
     * Opens one candidate with the binding's own loader.
     *
     * @param <L> the binding's opened library, which keeps whatever its wrappers bind to
     */
    @FunctionalInterface
    interface Opener<L extends OpenedLibrary> {
        /**
         * Opens {@code name} (a path, or a name for the dynamic linker's search).
         *
         * @throws OpenFailure the dynamic linker refused it
         */
        L open(String name) throws OpenFailure;
    }

    /**
     * The dynamic linker refused a library. {@code getMessage()} is the binding's own report; the
     * {@linkplain #linkerReason() linker's words}, which tell for example a too-old glibc, are
     * asked for only when they are worth another look (a bundled library).
     */
    final class OpenFailure extends Exception {
        private static final long serialVersionUID = 1L;
        private final transient Supplier<String> linkerReason;

        /**
         * @param message      the binding's report
         * @param linkerReason the dynamic linker's own message, or null when it cannot be had
         * @param cause        the binding's error, or null
         */
        public OpenFailure(String message, Supplier<String> linkerReason, Throwable cause) {
            super(message, cause);
            this.linkerReason = linkerReason;
        }

        /** The dynamic linker's own message, else the binding's. */
        public String linkerReason() {
            String reason = linkerReason == null ? null : linkerReason.get();
            return reason != null ? reason : getMessage();
        }
    }
}
