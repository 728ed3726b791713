package dev.curlmulti.core.loop;

import dev.curlmulti.core.CurlInfo;
import dev.curlmulti.core.internal.EasyHandle;

/** Reads a finished transfer's {@link TransferResult} from its handle, once, on the loop thread. */
final class TransferFacts {
    private TransferFacts() {}

    static TransferResult read(EasyHandle easy, boolean withTimings, long pendingMicros) {
        long code = easy.getinfoLong(CurlInfo.RESPONSE_CODE);
        long down = easy.getinfoLong(CurlInfo.SIZE_DOWNLOAD_T);
        long up = easy.getinfoLong(CurlInfo.SIZE_UPLOAD_T);
        long redirects = easy.getinfoLong(CurlInfo.REDIRECT_COUNT);
        TransferTimings timings = TransferTimings.NONE;
        long connections = -1;
        if (withTimings) {
            connections = easy.getinfoLong(CurlInfo.NUM_CONNECTS);
            timings = new TransferTimings(
                    easy.getinfoLong(CurlInfo.NAMELOOKUP_TIME_T),
                    easy.getinfoLong(CurlInfo.CONNECT_TIME_T),
                    easy.getinfoLong(CurlInfo.APPCONNECT_TIME_T),
                    easy.getinfoLong(CurlInfo.PRETRANSFER_TIME_T),
                    easy.getinfoLong(CurlInfo.STARTTRANSFER_TIME_T),
                    easy.getinfoLong(CurlInfo.TOTAL_TIME_T),
                    easy.getinfoLong(CurlInfo.REDIRECT_TIME_T),
                    pendingMicros);
        }
        return new TransferResult((int) code, timings, down, up, (int) redirects, (int) connections);
    }
}
