package io.github.nettyserial.rfc2217;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.nettyserial.FlowControl;
import io.github.nettyserial.Parity;
import io.github.nettyserial.StopBits;
import io.github.nettyserial.testkit.LineSettings;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Our RFC 2217 server against a real client: pyserial's {@code rfc2217://}. The exported port is a
 * pseudo-terminal, so what the client sets is read back from the kernel's termios of the line, and the bytes
 * are seen on the device end.
 */
class Rfc2217ServerPyserialTest {
    private static final Duration TIMEOUT = Duration.ofSeconds(10);

    @TempDir
    Path dir;
    private Rfc2217TestServer server;

    @BeforeEach
    void start() throws Exception {
        server = new Rfc2217TestServer();
    }

    @AfterEach
    void stop() {
        server.close();
    }

    @Test
    void settingsReachThePty() throws Exception {
        try (PyserialRfc2217Client client = PyserialRfc2217Client.start(dir)) {
            client.ok("open " + server.url() + " 19200");
            assertEquals(19_200, server.device().lineSettings().baudRate());
            client.ok("baud 57600");
            assertEquals(57_600, server.device().lineSettings().baudRate());
            assertEquals(57_600, server.port.config().getBaudRate());
            client.ok("baud 250000");                    // a custom rate: termios2 BOTHER
            assertEquals(250_000, server.device().lineSettings().baudRate());
            client.ok("stopbits 2");
            assertTrue(server.device().lineSettings().twoStopBits());
            assertEquals(StopBits.TWO, server.port.config().getStopBits());
            client.ok("rtscts 1");
            LineSettings s = server.device().lineSettings();
            assertTrue(s.rtsCts());
            assertEquals(FlowControl.RTS_CTS, server.port.config().getFlowControl());
            client.ok("rtscts 0");
            client.ok("xonxoff 1");
            s = server.device().lineSettings();
            assertTrue(s.xonXoff());
            assertFalse(s.rtsCts());
            client.ok("xonxoff 0");
            assertFalse(server.device().lineSettings().xonXoff());
        }
    }

    /** A pty has 8 data bits and no parity: the server answers with what is in use, and pyserial says so. */
    @Test
    void aSettingThePortRefusesIsAnsweredWithTheValueInUse() throws Exception {
        try (PyserialRfc2217Client client = PyserialRfc2217Client.start(dir)) {
            client.ok("open " + server.url());
            String parity = client.call("parity E");
            assertTrue(parity.startsWith("ERR") && parity.contains("parity"), parity);
            assertEquals(Parity.NONE, server.device().lineSettings().parity());
            assertEquals(Parity.NONE, server.port.config().getParity());
            // pyserial keeps the refused value and sends all four settings on every change: take it back first.
            client.ok("parity N");
            String size = client.call("bytesize 7");
            assertTrue(size.startsWith("ERR") && size.contains("datasize"), size);
            assertEquals(8, server.device().lineSettings().dataBits());
            client.ok("bytesize 8");
            // The connection still works after a refusal.
            client.ok("baud 38400");
            assertEquals(38_400, server.device().lineSettings().baudRate());
        }
    }

    @Test
    void everyByteValueBothWays() throws Exception {
        byte[] all = new byte[256 * 8];
        for (int i = 0; i < all.length; i++) {
            all[i] = (byte) (i % 256 == 0 ? 0xFF : i);          // 0xFF runs too: IAC IAC IAC IAC
        }
        all[1] = (byte) 0xFF;
        try (PyserialRfc2217Client client = PyserialRfc2217Client.start(dir)) {
            client.ok("open " + server.url());
            client.write(all);
            assertArrayEquals(all, server.device().readDevice(all.length, TIMEOUT));
            server.device().deviceOutput().write(all);
            server.device().deviceOutput().flush();
            assertArrayEquals(all, client.read(all.length));
        }
    }

    /**
     * A pty has no modem lines. DTR and RTS on (pyserial's default at open) are accepted, as the absent lines
     * leave nothing to do; DTR off cannot be done and the answer says DTR is on, which pyserial reports. No modem
     * state is ever sent, so pyserial reports that it has none rather than made-up lines.
     */
    @Test
    void modemLinesOfAPty() throws Exception {
        try (PyserialRfc2217Client client = PyserialRfc2217Client.start(dir)) {
            client.ok("open " + server.url());                // DTR and RTS on
            client.ok("dtr 1");
            client.ok("rts 1");
            String dtrOff = client.call("dtr 0");
            assertTrue(dtrOff.startsWith("ERR") && dtrOff.contains("control"), dtrOff);
            assertTrue(server.port.config().isDtr());
            String cts = client.call("cts");
            assertTrue(cts.startsWith("ERR") && cts.contains("NOTIFY_MODEMSTATE"), cts);
        }
    }

    @Test
    void breakAndPurge() throws Exception {
        try (PyserialRfc2217Client client = PyserialRfc2217Client.start(dir)) {
            client.ok("open " + server.url());
            client.ok("break 1");
            client.ok("break 0");
            server.device().deviceOutput().write(new byte[] {1, 2, 3});
            client.ok("purge");
            client.write(new byte[] {9});
            assertArrayEquals(new byte[] {9}, server.device().readDevice(1, TIMEOUT));
        }
    }

    /** One client at a time: a second connection takes the port over and the first is closed. */
    @Test
    void aNewClientReplacesTheOldOne() throws Exception {
        try (PyserialRfc2217Client first = PyserialRfc2217Client.start(dir);
             PyserialRfc2217Client second = PyserialRfc2217Client.start(dir)) {
            first.ok("open " + server.url());
            first.write(new byte[] {1});
            assertArrayEquals(new byte[] {1}, server.device().readDevice(1, TIMEOUT));
            second.ok("open " + server.url() + " 4800");
            assertEquals(4800, server.device().lineSettings().baudRate());
            server.device().deviceOutput().write(new byte[] {7, 8});
            assertArrayEquals(new byte[] {7, 8}, second.read(2));
            String old = first.call("read 1");
            assertTrue(old.startsWith("ERR"), "the replaced client still got data: " + old);
            second.write(new byte[] {5});
            assertArrayEquals(new byte[] {5}, server.device().readDevice(1, TIMEOUT));
        }
    }
}
