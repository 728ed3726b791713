package dev.curlmulti.core.loop;

import java.util.Arrays;

/**
 * The loop's timers: a binary min-heap of deadlines ({@link System#nanoTime()}), with each entry
 * knowing its index so that cancelling removes it at once (O(log n)) instead of leaving it to
 * expire: a response timer armed for every request and cancelled by every head must not pile up.
 * Loop thread only, except {@link Entry#cancel()}, which from another thread only sets a flag the
 * loop honours (and removes the entry when it next looks).
 */
final class TimerQueue {
    private Entry[] heap = new Entry[16];
    private int size;
    /** The thread that owns the queue: a cancel made there removes the entry at once. */
    private volatile Thread owner;

    void ownedBy(Thread thread) {
        owner = thread;
    }

    /** One scheduled task. */
    final class Entry implements LoopTimer {
        final long deadline;
        final Runnable task;
        private int index = -1;
        private volatile boolean cancelled;

        Entry(long deadline, Runnable task) {
            this.deadline = deadline;
            this.task = task;
        }

        @Override
        public void cancel() {
            cancelled = true;
            if (Thread.currentThread() == owner) {
                remove(this);
            }
        }
    }

    Entry add(long deadline, Runnable task) {
        Entry entry = new Entry(deadline, task);
        add(entry);
        return entry;
    }

    void add(Entry entry) {
        if (entry.cancelled || entry.index >= 0) {
            return;
        }
        if (size == heap.length) {
            heap = Arrays.copyOf(heap, size * 2);
        }
        entry.index = size;
        heap[size++] = entry;
        siftUp(entry.index);
    }

    /** Milliseconds until the first deadline (at least 0), or {@code Long.MAX_VALUE} when there is none. */
    long millisUntilNext(long now) {
        while (size > 0 && heap[0].cancelled) {
            remove(heap[0]);
        }
        if (size == 0) {
            return Long.MAX_VALUE;
        }
        long nanos = heap[0].deadline - now;
        return nanos <= 0 ? 0 : (nanos + 999_999) / 1_000_000;
    }

    /** Takes the first entry if it is due, else null. */
    Entry pollDue(long now) {
        while (size > 0) {
            Entry first = heap[0];
            if (first.cancelled) {
                remove(first);
            } else if (first.deadline - now <= 0) {
                remove(first);
                return first;
            } else {
                return null;
            }
        }
        return null;
    }

    int size() {
        return size;
    }

    void clear() {
        for (int i = 0; i < size; i++) {
            heap[i].index = -1;
            heap[i] = null;
        }
        size = 0;
    }

    private void remove(Entry entry) {
        int i = entry.index;
        if (i < 0) {
            return;
        }
        entry.index = -1;
        Entry last = heap[--size];
        heap[size] = null;
        if (i == size) {
            return;
        }
        heap[i] = last;
        last.index = i;
        siftDown(i);
        if (heap[i] == last) {
            siftUp(i);
        }
    }

    private void siftUp(int i) {
        Entry entry = heap[i];
        while (i > 0) {
            int parent = (i - 1) >>> 1;
            if (heap[parent].deadline - entry.deadline <= 0) {
                break;
            }
            heap[i] = heap[parent];
            heap[i].index = i;
            i = parent;
        }
        heap[i] = entry;
        entry.index = i;
    }

    private void siftDown(int i) {
        Entry entry = heap[i];
        int half = size >>> 1;
        while (i < half) {
            int child = 2 * i + 1;
            int right = child + 1;
            if (right < size && heap[right].deadline - heap[child].deadline < 0) {
                child = right;
            }
            if (entry.deadline - heap[child].deadline <= 0) {
                break;
            }
            heap[i] = heap[child];
            heap[i].index = i;
            i = child;
        }
        heap[i] = entry;
        entry.index = i;
    }
}
