package dev.curlmulti.reactor;

import dev.curlmulti.core.loop.CurlEventLoopGroup;
import dev.curlmulti.core.CurlLockData;
import dev.curlmulti.core.loop.LoopConfig;

import java.time.Duration;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The loops a client runs on, shared (reference counted) by a client and the copies made with
 * {@link CurlClient#mutate()} that keep the same loop settings. The last one to be disposed
 * closes the loops.
 */
final class ClientResources {
    private static final AtomicInteger NAMES = new AtomicInteger();

    final ClientConfig.LoopShape shape;
    final CurlEventLoopGroup group;
    private final AtomicInteger users = new AtomicInteger(1);

    ClientResources(ClientConfig.LoopShape shape) {
        this.shape = shape;
        LoopConfig loopConfig = LoopConfig.DEFAULT
                .withMaxTotalConnections(shape.maxConnections())
                .withMaxHostConnections(shape.maxConnectionsPerHost())
                .withMaxConcurrentStreams(shape.maxConcurrentStreams())
                .withDriver(shape.driver());
        group = new CurlEventLoopGroup(shape.loops(), loopConfig, "curl-client-" + NAMES.incrementAndGet());
        if (shape.cookies()) {
            group.share().share(CurlLockData.COOKIE);
        }
    }

    /** Another client uses these loops; false when they are already closed. */
    boolean retain() {
        while (true) {
            int current = users.get();
            if (current == 0) {
                return false;
            }
            if (users.compareAndSet(current, current + 1)) {
                return true;
            }
        }
    }

    void release(Duration grace) {
        if (users.decrementAndGet() == 0) {
            if (grace == null) {
                group.close();
            } else {
                group.closeGracefully(grace);
            }
        }
    }
}
