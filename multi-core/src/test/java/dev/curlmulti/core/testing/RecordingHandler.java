package dev.curlmulti.core.testing;

import static org.assertj.core.api.Assertions.assertThat;

import dev.curlmulti.core.loop.TransferHandler;
import dev.curlmulti.core.loop.TransferHead;
import dev.curlmulti.core.loop.TransferResult;
import java.nio.ByteBuffer;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A {@link TransferHandler} that records what it is told: the head, a SHA-256 of the body, the
 * terminal call, and any call that breaks the contract (a second terminal, data after the end).
 */
public class RecordingHandler implements TransferHandler {
    private final CountDownLatch headArrived = new CountDownLatch(1);
    private final CountDownLatch finished = new CountDownLatch(1);
    private final AtomicInteger terminals = new AtomicInteger();
    private final AtomicInteger violations = new AtomicInteger();
    private final MessageDigest digest;
    private volatile TransferHead head;
    private volatile TransferResult result;
    private volatile Throwable error;
    private volatile Thread callbackThread;
    private long bytes;
    private int heads;

    public RecordingHandler() {
        try {
            digest = MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    @Override
    public void onHead(TransferHead head) {
        callbackThread = Thread.currentThread();
        if (terminals.get() > 0 || heads++ > 0) {
            violations.incrementAndGet();
        }
        this.head = head;
        headArrived.countDown();
    }

    @Override
    public boolean onData(ByteBuffer chunk) {
        if (terminals.get() > 0 || head == null) {
            violations.incrementAndGet();
        }
        bytes += chunk.remaining();
        digest.update(chunk);
        return true;
    }

    @Override
    public void onComplete(TransferResult result) {
        this.result = result;
        terminal();
    }

    @Override
    public void onError(Throwable error) {
        this.error = error;
        terminal();
    }

    private void terminal() {
        callbackThread = Thread.currentThread();
        if (terminals.incrementAndGet() > 1) {
            violations.incrementAndGet();
        }
        finished.countDown();
    }

    /** Waits for the head: the transfer then runs on its loop, which owns the handle. */
    public RecordingHandler awaitHead() throws InterruptedException {
        assertThat(headArrived.await(30, TimeUnit.SECONDS))
                .as("head within 30 s")
                .isTrue();
        return this;
    }

    /** Waits for the terminal call. */
    public RecordingHandler await() throws InterruptedException {
        assertThat(finished.await(30, TimeUnit.SECONDS))
                .as("transfer finished within 30 s")
                .isTrue();
        return this;
    }

    public boolean isFinished() {
        return finished.getCount() == 0;
    }

    public TransferHead head() {
        return head;
    }

    public TransferResult result() {
        return result;
    }

    public Throwable error() {
        return error;
    }

    public synchronized long bytes() {
        return bytes;
    }

    public synchronized String sha256() {
        try {
            return HexFormat.of().formatHex(((MessageDigest) digest.clone()).digest());
        } catch (CloneNotSupportedException e) {
            throw new IllegalStateException(e);
        }
    }

    public int terminals() {
        return terminals.get();
    }

    public int violations() {
        return violations.get();
    }

    public Thread callbackThread() {
        return callbackThread;
    }

    public static String sha256(byte[] data) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(data));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
