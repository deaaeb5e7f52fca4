package io.github.nettyserial.testkit;

import java.io.ByteArrayOutputStream;
import java.io.InputStream;
import java.io.OutputStream;
import java.time.Duration;
import java.util.concurrent.TimeUnit;

/**
 * Both directions of a line in memory, for testing {@link FakeSerialDevice}'s script logic without a pty:
 * {@link #send} is what the channel would write; {@link #awaitReplies} is what it would read.
 */
final class MemoryLine {
    private final ByteArrayOutputStream toDevice = new ByteArrayOutputStream();
    private int readIndex;
    private final ByteArrayOutputStream fromDevice = new ByteArrayOutputStream();
    volatile boolean hungUp;

    final InputStream deviceInput = new InputStream() {
        @Override
        public int read() {
            byte[] one = new byte[1];
            return read(one, 0, 1) == 1 ? one[0] & 0xFF : -1;
        }

        @Override
        public int read(byte[] b, int off, int len) {
            synchronized (MemoryLine.this) {
                byte[] all = toDevice.toByteArray();
                int n = Math.min(len, all.length - readIndex);
                System.arraycopy(all, readIndex, b, off, n);
                readIndex += n;
                return n;
            }
        }

        @Override
        public int available() {
            synchronized (MemoryLine.this) {
                return toDevice.size() - readIndex;
            }
        }
    };

    final OutputStream deviceOutput = new OutputStream() {
        @Override
        public void write(int b) {
            synchronized (MemoryLine.this) {
                fromDevice.write(b);
                MemoryLine.this.notifyAll();
            }
        }
    };

    FakeSerialDevice device() {
        return new FakeSerialDevice("memory-line", null, deviceInput, deviceOutput, () -> hungUp = true);
    }

    synchronized void send(String text) {
        toDevice.writeBytes(text.getBytes(java.nio.charset.StandardCharsets.ISO_8859_1));
    }

    synchronized void send(byte[] bytes) {
        toDevice.writeBytes(bytes);
    }

    /** Bytes the device has not read yet. */
    synchronized int unread() {
        return toDevice.size() - readIndex;
    }

    /** Waits until the device has written at least {@code length} bytes; returns all it wrote. */
    synchronized String awaitReplies(int length, Duration timeout) throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (fromDevice.size() < length) {
            long left = deadline - System.nanoTime();
            if (left <= 0) {
                break;
            }
            TimeUnit.NANOSECONDS.timedWait(this, left);
        }
        return fromDevice.toString(java.nio.charset.StandardCharsets.ISO_8859_1);
    }
}
