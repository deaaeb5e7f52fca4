package io.github.nettyserial.benchmarks;

import com.fazecast.jSerialComm.SerialPort;
import com.fazecast.jSerialComm.SerialPortDataListener;
import com.fazecast.jSerialComm.SerialPortEvent;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicInteger;

/** jSerialComm with a data-available listener per port (its event-driven style: one event thread per port). */
final class JscListenerApp implements App {

    static SerialPort openWithListener(String path, Reader listener) throws Exception {
        // Reads inside the listener take what bytesAvailable() reported, so they never block.
        SerialPort p = JscBlockingApp.open(path, SerialPort.TIMEOUT_WRITE_BLOCKING);
        listener.port = p;
        p.addDataListener(listener);
        return p;
    }

    /**
     * Closes ports in parallel: with a listener, jSerialComm's closePort waits for the event thread to leave
     * its poll (about 0.3 s measured here), which would make a 128-port run spend most of its time closing.
     */
    static void closeAll(List<SerialPort> ports) throws InterruptedException {
        List<Thread> closers = new ArrayList<>();
        for (SerialPort p : ports) {
            Thread t = new Thread(p::closePort, "jsc-close");
            t.start();
            closers.add(t);
        }
        for (Thread t : closers) {
            t.join();
        }
    }

    /** A listener that reads what is available and hands the byte count on. */
    abstract static class Reader implements SerialPortDataListener {
        SerialPort port;
        final byte[] buf;

        Reader() {
            this(64 * 1024);
        }

        Reader(int bufferSize) {
            buf = new byte[bufferSize];
        }

        @Override
        public int getListeningEvents() {
            return SerialPort.LISTENING_EVENT_DATA_AVAILABLE;
        }

        @Override
        public void serialEvent(SerialPortEvent event) {
            int n = port.bytesAvailable();
            if (n > 0) {
                int r = port.readBytes(buf, Math.min(n, buf.length));
                if (r > 0) {
                    received(r);
                }
            }
        }

        abstract void received(int n);
    }

    @Override
    public String name() {
        return "jSerialComm listener";
    }

    /** Sends the next message from the listener thread as soon as the previous one has come back. */
    static final class Pinger extends Reader {
        private final byte[] msg;
        private final long[] ns;
        final CompletableFuture<long[]> done = new CompletableFuture<>();
        private int got;
        private int i;
        private volatile long t0;

        Pinger(int size, int count) {
            msg = new byte[size];
            Arrays.fill(msg, (byte) 'p');
            ns = new long[count];
        }

        void start() {
            t0 = System.nanoTime();
            port.writeBytes(msg, msg.length);
        }

        @Override
        void received(int n) {
            got += n;
            if (got >= msg.length) {
                got -= msg.length;
                ns[i++] = System.nanoTime() - t0;
                if (i == ns.length) {
                    done.complete(ns);
                } else {
                    start();
                }
            }
        }
    }

    @Override
    public long[] rtt(String path, int size, int count) throws Exception {
        Pinger pinger = new Pinger(size, count);
        SerialPort p = openWithListener(path, pinger);
        try {
            pinger.start();
            return pinger.done.get();
        } finally {
            closeAll(List.of(p));
        }
    }

    @Override
    public Long read(PtyDevice device, int chunk, long bytes) {
        return null;
    }

    @Override
    public Long write(PtyDevice device, int chunk, long bytes) {
        return null;
    }

    @Override
    public Long both(PtyDevice device, int chunk, long bytes) {
        return null;
    }

    @Override
    public long[] fanout(List<String> paths, int size, int rounds) throws Exception {
        byte[] msg = new byte[size];
        Arrays.fill(msg, (byte) 'f');
        AtomicInteger remaining = new AtomicInteger();
        CountDownLatch[] latch = new CountDownLatch[1];
        List<SerialPort> ports = new ArrayList<>();
        try {
            for (String path : paths) {
                Reader r = new Reader() {
                    int got;

                    @Override
                    void received(int n) {
                        got += n;
                        if (got >= size) {
                            got -= size;
                            if (remaining.decrementAndGet() == 0) {
                                latch[0].countDown();
                            }
                        }
                    }
                };
                SerialPort p = openWithListener(path, r);
                ports.add(p);
            }
            long[] ns = new long[rounds];
            for (int round = 0; round < rounds; round++) {
                CountDownLatch l = new CountDownLatch(1);
                latch[0] = l;
                remaining.set(paths.size());
                long t = System.nanoTime();
                for (SerialPort p : ports) {
                    p.writeBytes(msg, size);
                }
                l.await();
                ns[round] = System.nanoTime() - t;
            }
            return ns;
        } finally {
            closeAll(ports);
        }
    }
}
