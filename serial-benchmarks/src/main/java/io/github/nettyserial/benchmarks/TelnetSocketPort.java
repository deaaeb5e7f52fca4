package io.github.nettyserial.benchmarks;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;

/**
 * The thread-per-port way to reach an RFC 2217 server, with nothing in the way: a blocking socket, the client's
 * Telnet offers (BINARY both ways, WILL COM-PORT-OPTION), then data; the server's commands in the stream are
 * skipped. What a hand-written blocking client costs, as a floor for the libraries.
 */
final class TelnetSocketPort implements AutoCloseable {
    private static final int IAC = 255;
    private static final int SB = 250;
    private static final int SE = 240;
    private final Socket socket;
    private final InputStream in;
    private final OutputStream out;

    TelnetSocketPort(int port) throws IOException {
        socket = new Socket("127.0.0.1", port);
        socket.setTcpNoDelay(true);
        in = socket.getInputStream();
        out = socket.getOutputStream();
        // WILL BINARY, DO BINARY, WILL COM-PORT-OPTION
        out.write(new byte[] {(byte) IAC, (byte) 251, 0, (byte) IAC, (byte) 253, 0, (byte) IAC, (byte) 251, 44});
        out.flush();
    }

    void write(byte[] data) throws IOException {
        out.write(data);
        out.flush();
    }

    /** Reads {@code n} data bytes, skipping Telnet commands (no 0xFF in the benchmark's data). */
    void readData(int n) throws IOException {
        int got = 0;
        while (got < n) {
            int b = in.read();
            if (b < 0) {
                throw new IOException("connection closed by the server");
            }
            if (b != IAC) {
                got++;
                continue;
            }
            int c = in.read();
            if (c == SB) {
                int prev = 0;
                for (int x; (x = in.read()) >= 0; prev = x) {
                    if (prev == IAC && x == SE) {
                        break;
                    }
                }
            } else if (c >= 251 && c <= 254) {
                in.read();
            }
        }
    }

    @Override
    public void close() throws IOException {
        socket.close();
    }
}
