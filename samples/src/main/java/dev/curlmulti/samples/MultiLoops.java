package dev.curlmulti.samples;

import dev.curlmulti.core.Curl;
import dev.curlmulti.core.CurlInfo;
import dev.curlmulti.core.CurlMulti;
import dev.curlmulti.core.CurlOpt;
import dev.curlmulti.core.Failure;
import dev.curlmulti.core.FdSet;
import dev.curlmulti.core.InfoRead;
import dev.curlmulti.core.PerformResult;
import java.io.PrintStream;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The two loops of pycurl's {@code CurlMulti} documentation, line for line in Java.
 *
 * <pre>
 * bin/sample MultiLoops [URL ...]
 * </pre>
 *
 * With no URLs it downloads a few files from a built-in server on loopback. Each URL is fetched
 * twice: once by loop 1 (perform, then wait on {@code fdset()}), once by loop 2 (perform, then
 * {@code select()}).
 */
public final class MultiLoops {
    private MultiLoops() {}

    public static void main(String[] args) throws Exception {
        LocalFileServer server = args.length == 0 ? new LocalFileServer() : null;
        try {
            List<String> urls = server != null ? server.sampleUrls(8) : List.of(args);
            int failures = run(urls, System.out);
            if (failures > 0) {
                System.exit(1);
            }
        } finally {
            if (server != null) {
                server.close();
            }
        }
    }

    /** Runs both loops over {@code urls}; returns the number of failed transfers. */
    public static int run(List<String> urls, PrintStream out) {
        int failures = 0;
        out.println("loop 1: perform + fdset/select");
        failures += transfer(urls, out, true);
        out.println("loop 2: perform + select");
        failures += transfer(urls, out, false);
        return failures;
    }

    private static int transfer(List<String> urls, PrintStream out, boolean waitOnFdset) {
        List<Curl> handles = new ArrayList<>();
        try (CurlMulti m = new CurlMulti()) {
            for (String url : urls) {
                Curl c = new Curl();
                AtomicLong bytes = new AtomicLong();
                c.setopt(CurlOpt.URL, url);
                c.setopt(CurlOpt.FOLLOWLOCATION, true);
                c.setopt(CurlOpt.MAXREDIRS, 5L);
                c.setopt(CurlOpt.WRITEFUNCTION, data -> {
                    int n = data.remaining();
                    bytes.addAndGet(n);
                    return n;
                });
                m.addHandle(c);
                handles.add(c);
            }

            // while 1: ret, num_handles = m.perform(); if ret != pycurl.E_CALL_MULTI_PERFORM: break
            int numHandles = performAll(m);
            while (numHandles > 0) {
                if (waitOnFdset) {
                    // Loop 1: apply(select.select, m.fdset() + (1,)). Java cannot select(2) on raw
                    // descriptors, so ask which ones libcurl waits on and let libcurl wait on them;
                    // with none yet (connecting, resolving), wait no longer than libcurl's timer.
                    FdSet fds = m.fdset();
                    long timer = m.timeout();
                    double wait = fds.isEmpty() && timer >= 0 ? Math.min(timer, 1000) / 1000.0 : 1.0;
                    m.select(wait);
                } else {
                    // Loop 2: ret = m.select(1.0); if ret == -1: continue
                    int ret = m.select(1.0);
                    if (ret == -1) {
                        continue;
                    }
                }
                numHandles = performAll(m);
            }

            InfoRead info = m.infoRead();
            for (Curl c : info.succeeded()) {
                long status = c.getinfo(CurlInfo.RESPONSE_CODE);
                long size = c.getinfo(CurlInfo.SIZE_DOWNLOAD_T);
                long micros = c.getinfo(CurlInfo.TOTAL_TIME_T);
                String url = c.getinfo(CurlInfo.EFFECTIVE_URL);
                out.printf("  ok   %d %8d bytes %7.2f ms  %s%n", status, size, micros / 1000.0, url);
            }
            for (Failure f : info.failed()) {
                String url = f.handle().getinfo(CurlInfo.EFFECTIVE_URL);
                out.printf("  FAIL %s (%d): %s  %s%n", f.codeName(), f.errno(), f.message(), url);
            }
            for (Curl c : handles) {
                m.removeHandle(c);
            }
            return info.failed().size();
        } finally {
            handles.forEach(Curl::close);
        }
    }

    private static int performAll(CurlMulti m) {
        while (true) {
            PerformResult result = m.perform();
            if (result.status() != CurlMulti.E_CALL_MULTI_PERFORM) {
                return result.activeHandles();
            }
        }
    }
}
