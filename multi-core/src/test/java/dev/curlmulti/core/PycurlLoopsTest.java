package dev.curlmulti.core;

import static org.assertj.core.api.Assertions.assertThat;

import dev.curlmulti.core.testing.BodyCollector;
import dev.curlmulti.core.testing.NoLeakedHandles;
import dev.curlmulti.core.testing.TestServer;
import java.time.Duration;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.ExtendWith;

/** The two loops of pycurl's CurlMulti document, in Java, against a real server. */
@ExtendWith(NoLeakedHandles.class)
@Timeout(30)
class PycurlLoopsTest {
    private final TestServer server = new TestServer();

    @AfterEach
    void stopServer() throws Exception {
        server.close();
    }

    @Test
    void performThenFdsetAndSelectLoopCompletesTheTransfer() throws Exception {
        try (CurlMulti m = new CurlMulti();
                Curl c = new Curl()) {
            BodyCollector body = new BodyCollector();
            c.setopt(CurlOpt.URL, server.url("/bytes/100000"));
            c.setopt(CurlOpt.WRITEFUNCTION, body);
            m.addHandle(c);

            // while 1: ret, num_handles = m.perform(); if ret != E_CALL_MULTI_PERFORM: break
            int numHandles = performUntilDone(m);
            int loops = 0;
            while (numHandles > 0) {
                // apply(select.select, m.fdset() + (1,)): wait on the descriptors libcurl named.
                FdSet fds = m.fdset();
                if (fds.isEmpty()) {
                    Thread.sleep(Math.max(1, Math.min(100, m.timeout())));
                } else {
                    m.select(1.0);
                }
                numHandles = performUntilDone(m);
                loops++;
            }

            InfoRead info = m.infoRead();
            assertThat(info.failed()).isEmpty();
            assertThat(info.succeeded()).containsExactly(c);
            assertThat(info.queued()).isZero();
            long status = c.getinfo(CurlInfo.RESPONSE_CODE);
            assertThat(status).isEqualTo(200);
            assertThat(body.bytes()).isEqualTo(TestServer.body(100000));
            assertThat(loops).isPositive();
            m.removeHandle(c);
        }
    }

    @Test
    void performThenSelectLoopCompletesTheTransfer() throws Exception {
        try (CurlMulti m = new CurlMulti();
                Curl c = new Curl()) {
            BodyCollector body = new BodyCollector();
            c.setopt(CurlOpt.URL, server.url("/bytes/5000"));
            c.setopt(CurlOpt.WRITEFUNCTION, body);
            m.addHandle(c);

            int numHandles = performUntilDone(m);
            while (numHandles > 0) {
                int ret = m.select(1.0);
                if (ret == -1) {
                    continue;
                }
                numHandles = performUntilDone(m);
            }

            InfoRead info = m.infoRead();
            assertThat(info.succeeded()).containsExactly(c);
            long status = c.getinfo(CurlInfo.RESPONSE_CODE);
            assertThat(status).isEqualTo(200);
            long received = c.getinfo(CurlInfo.SIZE_DOWNLOAD_T);
            assertThat(received).isEqualTo(5000);
            assertThat(body.bytes()).isEqualTo(TestServer.body(5000));
        }
    }

    @Test
    void pollLoopIsWokenFromAnotherThread() throws Exception {
        try (CurlMulti m = new CurlMulti()) {
            Thread waker = new Thread(() -> {
                // Most likely while poll waits; a wakeup that comes first ends the next poll just as well.
                sleep(200);
                m.wakeup();
            });
            long start = System.nanoTime();
            waker.start();
            int ready = m.poll(Duration.ofSeconds(10));
            long waitedMs = (System.nanoTime() - start) / 1_000_000;
            waker.join();
            assertThat(ready).isZero();
            assertThat(waitedMs).isLessThan(5_000);
        }
    }

    static int performUntilDone(CurlMulti m) {
        while (true) {
            PerformResult result = m.perform();
            if (result.status() != CurlMulti.E_CALL_MULTI_PERFORM) {
                return result.activeHandles();
            }
        }
    }

    private static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
