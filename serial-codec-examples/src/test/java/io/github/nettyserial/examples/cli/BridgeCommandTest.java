package io.github.nettyserial.examples.cli;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.nettyserial.examples.testutil.CliRun;
import io.github.nettyserial.testkit.VirtualSerialPort;
import java.io.IOException;
import java.io.InputStream;
import java.net.InetAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/**
 * {@code serial bridge} with several TCP clients, one after another and at once. As documented, one client is
 * bridged at a time and a new connection replaces (closes) the previous one. No connection may stay open
 * on the bridge's side once its client is gone (the bug: every client after the first hung in CLOSE-WAIT).
 */
class BridgeCommandTest {

    private static final Duration WAIT = Duration.ofSeconds(10);

    @Test
    void threeClientsOneAfterAnother() throws Exception {
        try (VirtualSerialPort device = VirtualSerialPort.open()) {
            CliRun bridge = startBridge(device);
            int port = port(bridge);
            for (int i = 1; i <= 3; i++) {
                try (Socket client = connect(port)) {
                    roundTrip(device, client, "client " + i);
                }
                awaitNoOpenConnections(port);
            }
            device.hangUp();
            assertEquals(0, bridge.finish(20).code());
        }
    }

    @Test
    void threeClientsAtOnceTheLastOneIsBridged() throws Exception {
        try (VirtualSerialPort device = VirtualSerialPort.open()) {
            CliRun bridge = startBridge(device);
            int port = port(bridge);
            try (Socket a = connect(port); Socket b = connect(port); Socket c = connect(port)) {
                // c's bytes reach the device only once the bridge has taken c, after a and b
                roundTrip(device, c, "from c");
                assertEquals(-1, a.getInputStream().read(), "the bridge closes the replaced client a");
                assertEquals(-1, b.getInputStream().read(), "the bridge closes the replaced client b");
                roundTrip(device, c, "c again");
            }
            awaitNoOpenConnections(port);
            device.hangUp();
            assertEquals(0, bridge.finish(20).code());
        }
    }

    private static CliRun startBridge(VirtualSerialPort device) throws InterruptedException {
        return new CliRun("bridging", "bridge", device.path(), "--listen", "127.0.0.1:0", "--duration", "120")
                .awaitReady();
    }

    private static int port(CliRun bridge) {
        Matcher m = Pattern.compile("tcp://127\\.0\\.0\\.1:(\\d+)").matcher(bridge.out());
        assertTrue(m.find(), bridge.out());
        return Integer.parseInt(m.group(1));
    }

    private static Socket connect(int port) throws IOException {
        Socket s = new Socket(InetAddress.getLoopbackAddress(), port);
        s.setSoTimeout((int) WAIT.toMillis());
        return s;
    }

    /** Client to device and back. */
    private static void roundTrip(VirtualSerialPort device, Socket client, String text) throws Exception {
        byte[] bytes = text.getBytes(StandardCharsets.US_ASCII);
        client.getOutputStream().write(bytes);
        client.getOutputStream().flush();
        assertArrayEquals(bytes, device.readDevice(bytes.length, WAIT), text + ": tcp -> serial");
        byte[] back = (text + " back").getBytes(StandardCharsets.US_ASCII);
        device.deviceOutput().write(back);
        device.deviceOutput().flush();
        assertArrayEquals(back, readN(client.getInputStream(), back.length), text + ": serial -> tcp");
    }

    private static byte[] readN(InputStream in, int n) throws IOException {
        byte[] b = in.readNBytes(n);
        assertEquals(n, b.length);
        return b;
    }

    /**
     * Waits until no connection on the bridge's port is ESTABLISHED or in CLOSE-WAIT (/proc/net/tcp: the
     * kernel's own table; TIME-WAIT holds no descriptor and is not counted), and fails if one stays.
     */
    private static void awaitNoOpenConnections(int port) throws IOException {
        long deadline = System.nanoTime() + WAIT.toNanos();
        List<String> open = openConnections(port);
        while (!open.isEmpty() && System.nanoTime() < deadline) {
            LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(20));
            open = openConnections(port);
        }
        assertEquals(List.of(), open, "connections left open by the bridge on port " + port);
    }

    static List<String> openConnections(int port) throws IOException {
        List<String> open = new ArrayList<>();
        for (String table : new String[] {"/proc/net/tcp", "/proc/net/tcp6"}) {
            Path p = Path.of(table);
            if (!Files.exists(p)) {
                continue;
            }
            for (String line : Files.readAllLines(p)) {
                String[] f = line.trim().split("\\s+");
                if (f.length < 4 || !f[1].contains(":")) {
                    continue;
                }
                int local = Integer.parseInt(f[1].substring(f[1].indexOf(':') + 1), 16);
                String state = f[3];
                if (local == port && (state.equals("01") || state.equals("08"))) {
                    open.add(table + " " + f[1] + " -> " + f[2] + (state.equals("08") ? " CLOSE-WAIT" : " ESTABLISHED"));
                }
            }
        }
        return open;
    }
}
