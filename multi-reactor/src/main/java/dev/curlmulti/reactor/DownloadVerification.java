package dev.curlmulti.reactor;

/** The check of a whole file against what its {@link DownloadRequest} expects, before it takes the target's name. */
final class DownloadVerification {
    private DownloadVerification() {}

    /**
     * @param bytes  the file's length
     * @param sha256 its hex SHA-256, or null when it was not computed
     * @throws DownloadVerificationException when the length or the SHA-256 is not the expected one
     */
    static void check(DownloadRequest request, long bytes, String sha256) throws DownloadVerificationException {
        if (request.expectedSize() >= 0 && bytes != request.expectedSize()) {
            throw new DownloadVerificationException(request.target().getFileName() + ": expected "
                    + request.expectedSize() + " bytes, received " + bytes);
        }
        if (request.expectedSha256() != null && !request.expectedSha256().equals(sha256)) {
            throw new DownloadVerificationException(request.target().getFileName() + ": expected SHA-256 "
                    + request.expectedSha256() + ", received " + sha256);
        }
    }
}
