package io.github.nettyserial.examples.cli;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.nettyserial.examples.testutil.CliRun;
import io.github.nettyserial.examples.testutil.CliRun.Result;
import io.github.nettyserial.testkit.VirtualSerialPort;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/**
 * {@code serial bridge PORT --listen HOST:PORT --rfc2217} exports a pty as an RFC 2217 server; pyserial's
 * {@code rfc2217://} client and the tool itself (a port argument {@code rfc2217://HOST:PORT}) use it.
 */
class BridgeRfc2217Test {
    private static final Duration TIMEOUT = Duration.ofSeconds(10);

    private static String url(CliRun bridge) {
        Matcher m = Pattern.compile("rfc2217://127\\.0\\.0\\.1:(\\d+)").matcher(bridge.out());
        assertTrue(m.find(), bridge.out());
        return m.group();
    }

    @Test
    void pyserialAndTheToolReachThePortThroughTheBridge() throws Exception {
        try (VirtualSerialPort device = VirtualSerialPort.open()) {
            CliRun bridge = new CliRun("bridging", "bridge", device.path(), "--listen", "127.0.0.1:0", "--rfc2217",
                    "--duration", "120").awaitReady();
            String url = url(bridge);

            // pyserial: sets 19200 8N1 at open, then 0xFF both ways
            Process py = new ProcessBuilder("/usr/bin/python3", "-c", String.join("\n",
                    "import serial, sys",
                    "s = serial.serial_for_url(sys.argv[1], baudrate=19200, timeout=5)",
                    "print('OPEN', flush=True)",
                    "s.write(b'\\xff\\x00\\xff')",
                    "print(s.read(2).hex(), flush=True)",
                    "s.close()"), url).redirectErrorStream(true).start();
            var pyOut = new java.io.BufferedReader(new java.io.InputStreamReader(py.getInputStream(), StandardCharsets.UTF_8));
            assertEquals("OPEN", pyOut.readLine());
            assertEquals(19_200, device.lineSettings().baudRate());
            assertArrayEquals(new byte[] {(byte) 0xFF, 0, (byte) 0xFF}, device.readDevice(3, TIMEOUT));
            device.deviceOutput().write(new byte[] {(byte) 0xFF, 0x01});
            assertEquals("ff01", pyOut.readLine());
            assertTrue(py.waitFor(20, TimeUnit.SECONDS));
            assertEquals(0, py.exitValue());

            // the tool as a client: a port argument rfc2217://HOST:PORT
            Result sent = CliRun.run("send", url, "--hex", "ff 7e", "--baud", "57600");
            assertEquals(0, sent.code(), sent.toString());
            assertArrayEquals(new byte[] {(byte) 0xFF, 0x7E}, device.readDevice(2, TIMEOUT));
            assertEquals(57_600, device.lineSettings().baudRate());

            CliRun monitor = new CliRun("monitoring", "monitor", url, "--hex", "--bytes", "2", "--duration", "20")
                    .awaitReady();
            device.deviceOutput().write(new byte[] {(byte) 0xFF, 0x10});
            Result seen = monitor.finish(30);
            assertEquals(0, seen.code(), seen.toString());
            assertEquals("ff10", seen.out().replaceAll("\\s", ""));

            device.hangUp();   // the port goes away: the bridge ends
            Result end = bridge.finish(30);
            assertEquals(0, end.code(), end.toString());
            assertTrue(end.err().contains("no modem-state notifications"), "a pty has no modem lines: " + end.err());
        }
    }
}
