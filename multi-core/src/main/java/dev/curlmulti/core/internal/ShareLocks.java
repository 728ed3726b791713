package dev.curlmulti.core.internal;

import java.util.concurrent.locks.ReentrantLock;

/**
 * The locks behind one share handle's lock callbacks: one Java lock per {@code curl_lock_data}
 * kind, taken by whichever thread runs a transfer that uses the share.
 */
public final class ShareLocks {
    private final ReentrantLock[] locks = new ReentrantLock[16];

    public ShareLocks() {
        for (int i = 0; i < locks.length; i++) {
            locks[i] = new ReentrantLock();
        }
    }

    void lock(int data) {
        locks[data & 15].lock();
    }

    void unlock(int data) {
        ReentrantLock lock = locks[data & 15];
        if (lock.isHeldByCurrentThread()) {
            lock.unlock();
        }
    }
}
