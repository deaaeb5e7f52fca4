package io.github.nettyserial.benchmarks;

import com.fazecast.jSerialComm.SerialPort;
import java.io.IOException;
import java.util.Arrays;
import java.util.List;

/** jSerialComm with its blocking calls: the calling thread parks in read(2), the cheapest one-port echo. */
final class JscBlockingApp implements App {

    static SerialPort open(String path, int timeoutMode) throws IOException {
        SerialPort p = SerialPort.getCommPort(path);
        p.setComPortParameters(115_200, 8, SerialPort.ONE_STOP_BIT, SerialPort.NO_PARITY);
        p.setComPortTimeouts(timeoutMode, 0, 0);
        // openPort() would sleep a "safety" delay before returning; no delay, as SerialChannel has none.
        if (!p.openPort(0)) {
            throw new IOException("jSerialComm could not open " + path + ": error " + p.getLastErrorCode()
                    + " at " + p.getLastErrorLocation());
        }
        return p;
    }

    @Override
    public String name() {
        return "jSerialComm blocking";
    }

    @Override
    public long[] rtt(String path, int size, int count) throws Exception {
        SerialPort p = open(path, SerialPort.TIMEOUT_READ_BLOCKING | SerialPort.TIMEOUT_WRITE_BLOCKING);
        try {
            byte[] msg = new byte[size];
            Arrays.fill(msg, (byte) 'p');
            byte[] buf = new byte[size];
            long[] ns = new long[count];
            for (int i = 0; i < count; i++) {
                long t = System.nanoTime();
                p.writeBytes(msg, size);
                readFully(p, buf, size);
                ns[i] = System.nanoTime() - t;
            }
            return ns;
        } finally {
            p.closePort();
        }
    }

    static void readFully(SerialPort p, byte[] buf, int size) throws IOException {
        int got = 0;
        while (got < size) {
            int n = p.readBytes(buf, size - got, got);
            if (n < 0) {
                throw new IOException("jSerialComm read failed: " + p.getLastErrorCode());
            }
            got += n;
        }
    }

    @Override
    public Long read(PtyDevice device, int chunk, long bytes) throws Exception {
        SerialPort p = open(device.path(0), SerialPort.TIMEOUT_READ_SEMI_BLOCKING);
        try {
            byte[] buf = new byte[64 * 1024];
            device.send("source " + chunk + " " + bytes);
            long first = 0;
            long left = bytes;
            while (left > 0) {
                int n = p.readBytes(buf, buf.length);
                if (n < 0) {
                    throw new IOException("jSerialComm read failed: " + p.getLastErrorCode());
                }
                if (first == 0 && n > 0) {
                    first = System.nanoTime();
                }
                left -= n;
            }
            long ns = System.nanoTime() - first;
            device.answerNumber("SOURCE");
            return ns;
        } finally {
            p.closePort();
        }
    }

    @Override
    public Long write(PtyDevice device, int chunk, long bytes) throws Exception {
        SerialPort p = open(device.path(0), SerialPort.TIMEOUT_WRITE_BLOCKING);
        try {
            device.call("sink " + bytes);
            writeAll(p, chunk, bytes);
            return device.answerNumber("SINK");
        } finally {
            p.closePort();
        }
    }

    private static void writeAll(SerialPort p, int chunk, long bytes) throws IOException {
        byte[] data = new byte[chunk];
        Arrays.fill(data, (byte) 'w');
        for (long left = bytes; left > 0; ) {
            int n = p.writeBytes(data, (int) Math.min(chunk, left));
            if (n < 0) {
                throw new IOException("jSerialComm write failed: " + p.getLastErrorCode());
            }
            left -= n;
        }
    }

    @Override
    public Long both(PtyDevice device, int chunk, long bytes) throws Exception {
        SerialPort p = open(device.path(0), SerialPort.TIMEOUT_READ_SEMI_BLOCKING | SerialPort.TIMEOUT_WRITE_BLOCKING);
        try {
            device.send("both " + chunk + " " + bytes);
            // Blocking I/O needs a second thread to write while this one reads.
            Throwable[] failure = new Throwable[1];
            Thread writer = new Thread(() -> {
                try {
                    writeAll(p, chunk, bytes);
                } catch (Throwable t) {
                    failure[0] = t;
                }
            }, "jsc-writer");
            writer.start();
            byte[] buf = new byte[64 * 1024];
            for (long left = bytes; left > 0; ) {
                int n = p.readBytes(buf, buf.length);
                if (n < 0) {
                    throw new IOException("jSerialComm read failed: " + p.getLastErrorCode());
                }
                left -= n;
            }
            writer.join();
            if (failure[0] != null) {
                throw new IOException("jSerialComm writer failed", failure[0]);
            }
            return device.answerNumber("BOTH");
        } finally {
            p.closePort();
        }
    }

    @Override
    public long[] fanout(List<String> paths, int size, int rounds) {
        return null; // blocking reads on N ports need N threads: that is the listener contender
    }
}
