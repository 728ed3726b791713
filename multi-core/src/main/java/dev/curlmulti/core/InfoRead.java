package dev.curlmulti.core;

import java.util.List;

/**
 * Finished transfers, from {@link CurlMulti#infoRead()}: pycurl's
 * {@code (num_q, ok_list, err_list)}.
 *
 * @param queued    messages still waiting in libcurl's queue after this read
 * @param succeeded handles whose transfer completed with {@code CURLE_OK}
 * @param failed    handles whose transfer failed, with code and message
 */
public record InfoRead(int queued, List<Curl> succeeded, List<Failure> failed) {
    public InfoRead {
        succeeded = List.copyOf(succeeded);
        failed = List.copyOf(failed);
    }
}
