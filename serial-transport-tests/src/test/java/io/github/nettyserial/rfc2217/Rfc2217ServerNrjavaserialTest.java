package io.github.nettyserial.rfc2217;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import gnu.io.SerialPort;
import gnu.io.rfc2217.TelnetSerialPort;
import io.github.nettyserial.Parity;
import io.github.nettyserial.linux.PtyChannels;
import java.io.InputStream;
import java.io.OutputStream;
import java.time.Duration;
import org.junit.jupiter.api.Test;

/**
 * Our server against the Java RFC 2217 client most Java code uses: nrjavaserial's {@code gnu.io.rfc2217} (jvser,
 * on commons-net's TelnetClient). It sends its settings without waiting for the answers and then adopts them, so
 * the test waits for what the pty and the client report. It sets the modem-state mask to 0xF0 (no delta bits).
 */
class Rfc2217ServerNrjavaserialTest {
    private static final Duration TIMEOUT = Duration.ofSeconds(10);

    private static int baud(Rfc2217TestServer server) {
        try {
            return server.device().lineSettings().baudRate();
        } catch (java.io.IOException e) {
            throw new IllegalStateException(e);
        }
    }

    @Test
    void settingsDataAndRefusals() throws Exception {
        try (Rfc2217TestServer server = new Rfc2217TestServer()) {
            TelnetSerialPort client = new TelnetSerialPort();
            client.getTelnetClient().connect("127.0.0.1", server.tcpPort());
            try {
                client.setSerialPortParams(57_600, SerialPort.DATABITS_8, SerialPort.STOPBITS_1, SerialPort.PARITY_NONE);
                PtyChannels.await("57600 on the pty", () -> baud(server) == 57_600);

                OutputStream out = client.getOutputStream();
                out.write(new byte[] {(byte) 0xFF, 0, (byte) 0xFF, 'x'});
                out.flush();
                assertArrayEquals(new byte[] {(byte) 0xFF, 0, (byte) 0xFF, 'x'}, server.device().readDevice(4, TIMEOUT));
                server.device().deviceOutput().write(new byte[] {(byte) 0xFF, 1});
                InputStream in = client.getInputStream();
                byte[] got = new byte[2];
                for (int n = 0; n < 2; ) {
                    int r = in.read(got, n, 2 - n);
                    assertTrue(r > 0, "end of stream");
                    n += r;
                }
                assertArrayEquals(new byte[] {(byte) 0xFF, 1}, got);

                // 7E1 on a pty: the server answers 8 and none, and the client takes the answers.
                client.setSerialPortParams(38_400, SerialPort.DATABITS_7, SerialPort.STOPBITS_1, SerialPort.PARITY_EVEN);
                PtyChannels.await("38400 on the pty", () -> baud(server) == 38_400);
                PtyChannels.await("the client's data bits from the answer", () -> client.getDataBits() == SerialPort.DATABITS_8);
                PtyChannels.await("the client's parity from the answer", () -> client.getParity() == SerialPort.PARITY_NONE);
                assertEquals(Parity.NONE, server.device().lineSettings().parity());
                // It asks for DTR off; a pty cannot drop it, and the answer says so.
                client.setDTR(false);
                PtyChannels.await("DTR reported on", client::isDTR);
            } finally {
                client.close();
            }
        }
    }
}
