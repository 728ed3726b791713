package dev.curlmulti.bench.clients;

import dev.curlmulti.core.Curl;
import dev.curlmulti.core.CurlInfo;
import dev.curlmulti.core.CurlMulti;
import dev.curlmulti.core.CurlMultiOpt;
import dev.curlmulti.core.CurlOpt;
import dev.curlmulti.core.Failure;
import dev.curlmulti.core.InfoRead;
import dev.curlmulti.core.PerformResult;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * Ours without the event loop or Reactor: the pycurl-style {@link CurlMulti} loop (perform, read
 * the finished transfers, re-add their handles, select) in the calling thread, as the C program
 * does it. The distance to the C program is the price of the binding itself.
 */
final class CurlMultiLoopClient implements BenchClient {
    private static final long HTTP_1_1 = 2;
    private static final long HTTP_2_TLS = 4;
    private static final long PIPE_MULTIPLEX = 2;

    private final Path caPem;

    CurlMultiLoopClient(Path caPem) {
        this.caPem = caPem;
    }

    @Override
    public long fetch(String url, int requests, int concurrency, boolean http2) {
        long[] bytes = new long[1];
        List<Curl> handles = new ArrayList<>();
        try (CurlMulti multi = new CurlMulti()) {
            multi.setopt(CurlMultiOpt.PIPELINING, http2 ? PIPE_MULTIPLEX : 0);
            int started = 0;
            for (int i = 0; i < Math.min(concurrency, requests); i++) {
                Curl easy = new Curl();
                easy.setopt(CurlOpt.URL, url);
                easy.setopt(CurlOpt.NOSIGNAL, 1L);
                if (BenchClient.receiveBuffer() > 0) {
                    easy.setopt(CurlOpt.BUFFERSIZE, (long) BenchClient.receiveBuffer());
                }
                easy.setopt(CurlOpt.WRITEFUNCTION, data -> {
                    int n = data.remaining();
                    bytes[0] += n;
                    return n;
                });
                if (http2) {
                    easy.setopt(CurlOpt.HTTP_VERSION, HTTP_2_TLS);
                    easy.setopt(CurlOpt.CAINFO, caPem.toString());
                    easy.setopt(CurlOpt.PIPEWAIT, 1L);
                } else {
                    easy.setopt(CurlOpt.HTTP_VERSION, HTTP_1_1);
                }
                handles.add(easy);
                multi.addHandle(easy);
                started++;
            }
            int finished = 0;
            while (finished < requests) {
                PerformResult result;
                do {
                    result = multi.perform();
                } while (result.status() == CurlMulti.E_CALL_MULTI_PERFORM);
                InfoRead info = multi.infoRead();
                for (Failure failure : info.failed()) {
                    throw new IllegalStateException("transfer failed: " + failure.codeName() + " " + failure.message());
                }
                for (Curl easy : info.succeeded()) {
                    long status = easy.getinfo(CurlInfo.RESPONSE_CODE);
                    if (status != 200) {
                        throw new IllegalStateException("status " + status);
                    }
                    finished++;
                    multi.removeHandle(easy);
                    if (started < requests) {
                        multi.addHandle(easy);
                        started++;
                    }
                }
                if (finished < requests) {
                    multi.select(1.0);
                }
            }
            // Every handle was removed when its last transfer finished.
        } finally {
            handles.forEach(Curl::close);
        }
        return bytes[0];
    }

    @Override
    public void hold(String url, int transfers) {
        throw new UnsupportedOperationException("(f) measures the event-loop clients");
    }

    @Override
    public void releaseHeld() {}

    @Override
    public void close() {}
}
