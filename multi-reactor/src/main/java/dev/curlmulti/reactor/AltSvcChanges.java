package dev.curlmulti.reactor;

import java.time.Duration;
import java.time.Instant;
import java.util.List;

/**
 * When a repeated {@code Alt-Svc} is news. Servers send the same header on every response; writing
 * the file (and making every handle load it again) for each would cost more than the header is
 * worth, so only a different set of alternatives, or one whose remembered expiry is less than half
 * its new lifetime away, makes the cache change. Stateless.
 */
final class AltSvcChanges {
    private AltSvcChanges() {}

    /** Whether {@code fresh} (just heard) should replace {@code old} (remembered). */
    static boolean matter(List<AltSvcCache.Alternative> old, List<AltSvcCache.Alternative> fresh, Instant now) {
        if (old.size() != fresh.size()) {
            return true;
        }
        for (AltSvcCache.Alternative next : fresh) {
            AltSvcCache.Alternative known = find(old, next);
            if (known == null) {
                return true;
            }
            Duration lifetime = Duration.between(now, next.expires());
            if (known.expires().isBefore(now.plus(lifetime.dividedBy(2)))) {
                return true;
            }
        }
        return false;
    }

    /** Whether {@code list} has an alternative to the same place by the same protocol. */
    static boolean contains(List<AltSvcCache.Alternative> list, AltSvcCache.Alternative a) {
        return find(list, a) != null;
    }

    private static AltSvcCache.Alternative find(List<AltSvcCache.Alternative> list, AltSvcCache.Alternative a) {
        for (AltSvcCache.Alternative b : list) {
            if (b.protocol().equals(a.protocol())
                    && b.alternativeHost().equals(a.alternativeHost())
                    && b.alternativePort() == a.alternativePort()
                    && b.persist() == a.persist()) {
                return b;
            }
        }
        return null;
    }
}
