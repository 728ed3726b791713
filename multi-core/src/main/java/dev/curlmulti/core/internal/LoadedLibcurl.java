package dev.curlmulti.core.internal;

/**
 * What {@link LibcurlLoader#load} ended in: the opened library and its facts, or the failure. A
 * failure is kept and thrown again, with the same message, on every use, so every handle creation
 * says what is missing (not only the first, as a failed class initialisation would). Immutable;
 * safe to share between threads.
 *
 * @param <L> the binding's opened library
 */
public final class LoadedLibcurl<L extends OpenedLibrary> {
    private final L library;
    private final LibraryInfo info;
    private final Throwable failure;

    private LoadedLibcurl(L library, LibraryInfo info, Throwable failure) {
        this.library = library;
        this.info = info;
        this.failure = failure;
    }

    static <L extends OpenedLibrary> LoadedLibcurl<L> loaded(L library, LibraryInfo info) {
        return new LoadedLibcurl<>(library, info, null);
    }

    static <L extends OpenedLibrary> LoadedLibcurl<L> failed(Throwable failure) {
        return new LoadedLibcurl<>(null, null, failure);
    }

    /** True when libcurl loaded; then {@link #library()} and {@link #info()} return. */
    public boolean ok() {
        return failure == null;
    }

    /**
     * The opened library, for the binding to bind its calls to.
     *
     * @throws UnsatisfiedLinkError libcurl did not load, saying why
     */
    public L library() {
        throwFailure();
        return library;
    }

    /**
     * The loaded library's facts.
     *
     * @throws UnsatisfiedLinkError libcurl did not load, saying why
     */
    public LibraryInfo info() {
        throwFailure();
        return info;
    }

    private void throwFailure() {
        if (failure != null) {
            UnsatisfiedLinkError error =
                    new UnsatisfiedLinkError(failure.getMessage() != null ? failure.getMessage() : failure.toString());
            error.initCause(failure);
            throw error;
        }
    }
}
