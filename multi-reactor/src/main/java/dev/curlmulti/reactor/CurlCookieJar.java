package dev.curlmulti.reactor;

import dev.curlmulti.core.Curl;
import dev.curlmulti.core.CurlInfo;
import dev.curlmulti.core.CurlOpt;
import dev.curlmulti.core.loop.CurlEventLoop;
import dev.curlmulti.core.loop.HandlePool;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.function.Function;
import reactor.core.publisher.Mono;
import reactor.core.scheduler.Schedulers;

/**
 * The cookie jar of a client built with {@link CurlClient.Builder#cookies(boolean) cookies(true)}: libcurl's
 * own jar, kept in the share of the client's loops, so every request of the client (and of copies made with
 * {@link CurlClient#mutate()} that share its loops) reads and fills the same jar, and libcurl decides what
 * each request sends (domain, path, Secure, expiry). Get it with {@link CurlClient#cookieJar()}.
 *
 * <p>Every operation runs on one of the client's loop threads (libcurl's {@code CURLINFO_COOKIELIST} and
 * {@code CURLOPT_COOKIELIST}, under the share's cookie lock), when the returned {@link Mono} is subscribed;
 * its signal arrives there (move blocking work elsewhere with {@code publishOn}). File reads and writes run
 * on {@link Schedulers#boundedElastic()}, never on a loop. After the client is disposed each operation fails
 * with {@link IllegalStateException}.
 *
 * <p>Thread-safe. An operation sees the jar as it is when it runs; requests in flight on other loops may
 * change it meanwhile, as they would in a browser.
 */
public final class CurlCookieJar {
    private final ClientResources resources;
    private final HandlePool pool;

    CurlCookieJar(ClientResources resources, HandlePool pool) {
        this.resources = resources;
        this.pool = pool;
    }

    /** Every cookie in the jar that has not expired, in libcurl's order. */
    public Mono<List<CurlCookie>> cookies() {
        return onLoop(CurlCookieJar::read);
    }

    /**
     * Adds {@code cookie}, replacing the one in the same slot ({@link CurlCookie#sameSlot}); an expired
     * one removes it.
     */
    public Mono<Void> add(CurlCookie cookie) {
        String line = Objects.requireNonNull(cookie, "cookie").toNetscape();
        return onLoop(handle -> {
                    handle.setopt(CurlOpt.COOKIELIST, line);
                    return Boolean.TRUE;
                })
                .then();
    }

    /**
     * Removes the cookie in {@code cookie}'s slot (domain, subdomains, path, name; the value does not
     * matter). libcurl has no call to remove one cookie, so this stores an expired cookie in that slot,
     * which libcurl then drops, as it does when a server expires a cookie.
     *
     * @return whether the jar held such a cookie
     */
    public Mono<Boolean> remove(CurlCookie cookie) {
        Objects.requireNonNull(cookie, "cookie");
        return onLoop(handle -> {
            for (CurlCookie held : read(handle)) {
                if (held.sameSlot(cookie)) {
                    CurlCookie expired = new CurlCookie(
                            held.domain(),
                            held.includeSubdomains(),
                            held.path(),
                            held.secure(),
                            Instant.ofEpochSecond(1),
                            held.name(),
                            "",
                            held.httpOnly());
                    handle.setopt(CurlOpt.COOKIELIST, expired.toNetscape());
                    return Boolean.TRUE;
                }
            }
            return Boolean.FALSE;
        });
    }

    /** Empties the jar ({@code CURLOPT_COOKIELIST "ALL"}). */
    public Mono<Void> clear() {
        return command("ALL");
    }

    /** Drops the session cookies, those without an expiry, as a browser does when it restarts ({@code "SESS"}). */
    public Mono<Void> clearSession() {
        return command("SESS");
    }

    /**
     * Adds the cookies of a Netscape cookie file (as curl's {@code --cookie-jar}, {@link #save} or a browser
     * export write it), replacing those in the same slots; expired ones are skipped. The file is read whole
     * first: a line that is neither a cookie, a comment nor blank fails the load and adds nothing.
     *
     * @return the number of cookies added; fails with {@link java.io.UncheckedIOException} when the file cannot
     * be read, {@link IllegalArgumentException} naming the first bad line
     */
    public Mono<Integer> load(Path file) {
        Objects.requireNonNull(file, "file");
        return Mono.fromCallable(() -> CookieFiles.read(file))
                .subscribeOn(Schedulers.boundedElastic())
                .flatMap(cookies -> onLoop(handle -> {
                    for (CurlCookie cookie : cookies) {
                        handle.setopt(CurlOpt.COOKIELIST, cookie.toNetscape());
                    }
                    return cookies.size();
                }));
    }

    /**
     * Writes the jar's unexpired cookies, session cookies included, to {@code file} in libcurl's Netscape
     * format, replacing the file atomically (readable by its owner only where the file system has POSIX
     * permissions: cookies are credentials).
     *
     * @return the number of cookies written; fails with {@link java.io.UncheckedIOException} when the file
     * cannot be written (an existing one is left as it was)
     */
    public Mono<Integer> save(Path file) {
        Objects.requireNonNull(file, "file");
        return cookies().publishOn(Schedulers.boundedElastic()).map(cookies -> {
            CookieFiles.write(file, cookies);
            return cookies.size();
        });
    }

    private Mono<Void> command(String command) {
        return onLoop(handle -> {
                    handle.setopt(CurlOpt.COOKIELIST, command);
                    return Boolean.TRUE;
                })
                .then();
    }

    private static List<CurlCookie> read(Curl handle) {
        List<String> lines = handle.getinfo(CurlInfo.COOKIELIST);
        List<CurlCookie> cookies = new ArrayList<>();
        if (lines == null) {
            return cookies;
        }
        Instant now = Instant.now();
        for (String line : lines) {
            CurlCookie cookie;
            try {
                cookie = CookieLines.parse(line);
            } catch (IllegalArgumentException e) {
                continue; // a cookie no Netscape line can hold (libcurl 7.88 and 8.x refuse such) is not listed
            }
            // libcurl keeps an expired cookie until its next clean-up; it sends none of them.
            if (!cookie.isExpired(now)) {
                cookies.add(cookie);
            }
        }
        return cookies;
    }

    /**
     * Runs {@code work} on a loop thread with a handle of the client's pool (so attached to its share),
     * closed afterwards. The task is never dropped: if the loop closes first, it runs elsewhere and only
     * fails the Mono, without touching libcurl.
     */
    private <T> Mono<T> onLoop(Function<Curl, T> work) {
        return Mono.create(sink -> {
            CurlEventLoop loop = resources.group.loops().get(0);
            if (loop.failed()) {
                loop = resources.group.replaceIfFailed(loop);
            }
            CurlEventLoop chosen = loop;
            chosen.executeEvenAfterClose(() -> {
                if (!chosen.inLoop()) {
                    sink.error(new IllegalStateException("the client is disposed: its cookie jar is gone"));
                    return;
                }
                Curl handle = null;
                try {
                    handle = pool.acquire();
                    sink.success(work.apply(handle));
                } catch (RuntimeException e) {
                    sink.error(e);
                } finally {
                    if (handle != null) {
                        handle.close();
                    }
                }
            });
        });
    }
}
