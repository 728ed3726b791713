package dev.curlmulti.core;

import java.util.List;

/**
 * The descriptors libcurl waits on, from {@link CurlMulti#fdset()}, pycurl's
 * {@code (read_list, write_list, except_list)}. libcurl's {@code curl_multi_fdset} cannot report
 * descriptors of 1024 and above; use {@link CurlMulti#select(double)} or {@link CurlMulti#poll} to
 * wait, which have no such limit.
 */
public record FdSet(List<Integer> read, List<Integer> write, List<Integer> except) {
    public FdSet {
        read = List.copyOf(read);
        write = List.copyOf(write);
        except = List.copyOf(except);
    }

    /** True when libcurl waits on no descriptor (it may still wait on a timer). */
    public boolean isEmpty() {
        return read.isEmpty() && write.isEmpty() && except.isEmpty();
    }
}
