package dev.curlmulti.core.internal;

/** The kinds of native callback the project hands to libcurl; one shared native function each. */
public enum CallbackKind {
    /** {@code CURLOPT_WRITEFUNCTION}. */
    WRITE,
    /** {@code CURLOPT_HEADERFUNCTION}. */
    HEADER,
    /** {@code CURLOPT_READFUNCTION}. */
    READ,
    /** The read function of a streamed mime part ({@code curl_mime_data_cb}); same C signature as READ. */
    MIME_READ,
    /** {@code CURLOPT_XFERINFOFUNCTION}. */
    XFERINFO,
    /** {@code CURLOPT_DEBUGFUNCTION}. */
    DEBUG,
    /** {@code CURLOPT_PREREQFUNCTION} (libcurl 7.80+). */
    PREREQ,
    /** {@code CURLOPT_SOCKOPTFUNCTION}: a socket was created (counted, see {@link SocketCounts}). */
    SOCKOPT,
    /** {@code CURLOPT_CLOSESOCKETFUNCTION}: closes a socket (and counts it). */
    CLOSESOCKET,
    /** {@code CURLSHOPT_LOCKFUNC}. */
    LOCK,
    /** {@code CURLSHOPT_UNLOCKFUNC}. */
    UNLOCK,
    /** {@code CURLMOPT_SOCKETFUNCTION}. */
    SOCKET
}
