package dev.curlmulti.core;

/** Reads a finished transfer's {@link TransferResult} from its handle, once, on the loop thread. */
final class TransferFacts {
    private TransferFacts() {
    }

    static TransferResult read(Curl easy, boolean withTimings) {
        long code = easy.getinfo(CurlInfo.RESPONSE_CODE);
        long down = easy.getinfo(CurlInfo.SIZE_DOWNLOAD_T);
        long up = easy.getinfo(CurlInfo.SIZE_UPLOAD_T);
        long redirects = easy.getinfo(CurlInfo.REDIRECT_COUNT);
        TransferTimings timings = TransferTimings.NONE;
        if (withTimings) {
            timings = new TransferTimings(
                    easy.<Long>getinfo(CurlInfo.NAMELOOKUP_TIME_T),
                    easy.<Long>getinfo(CurlInfo.CONNECT_TIME_T),
                    easy.<Long>getinfo(CurlInfo.APPCONNECT_TIME_T),
                    easy.<Long>getinfo(CurlInfo.PRETRANSFER_TIME_T),
                    easy.<Long>getinfo(CurlInfo.STARTTRANSFER_TIME_T),
                    easy.<Long>getinfo(CurlInfo.TOTAL_TIME_T),
                    easy.<Long>getinfo(CurlInfo.REDIRECT_TIME_T));
        }
        return new TransferResult((int) code, timings, down, up, (int) redirects);
    }
}
