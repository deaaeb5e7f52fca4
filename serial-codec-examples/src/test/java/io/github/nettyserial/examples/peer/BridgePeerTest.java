package io.github.nettyserial.examples.peer;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.nettyserial.examples.testutil.CliRun;
import io.github.nettyserial.testkit.VirtualSerialPair;
import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code serial bridge} between one end of a virtual serial pair and TCP, checked from both sides by pyserial:
 * its {@code socket://} client on the TCP side and a serial port on the other end of the pair.
 */
class BridgePeerTest {

    @BeforeAll
    static void peers() throws Exception {
        Peer.requirePython("serial", "python3-serial");
    }

    @Test
    void pyserialSocketClientThroughTheBridge() throws Exception {
        CliRun cli;
        try (VirtualSerialPair pair = VirtualSerialPair.open()) {
            cli = new CliRun("bridging", "bridge", pair.a().path(), "--listen", "127.0.0.1:0", "--duration", "60")
                    .awaitReady();
            Matcher m = Pattern.compile("tcp://(127\\.0\\.0\\.1:\\d+)").matcher(cli.out());
            assertTrue(m.find(), cli.out());
            try (Peer client = Peer.start("socket-client", null, Peer.PYTHON, Peer.script("socket_client.py"),
                    m.group(1), pair.b().path(), "65536")) {
                assertEquals(0, client.waitFor(Duration.ofSeconds(60)), client.report());
                assertEquals(java.util.List.of("tcp->serial 65536 bytes OK", "serial->tcp 65536 bytes OK"),
                        client.lines(), client.report());
            }
        }
        // closing the pair hangs up the port, which ends the bridge
        CliRun.Result r = cli.finish(20);
        assertEquals(0, r.code(), r.toString());
    }

    /**
     * The same client against ser2net's raw TCP mode, the reference our bridge copies: the test script checks
     * what any raw bridge must do, not something only ours does.
     */
    @Test
    void sameClientAgainstSer2net(@TempDir Path dir) throws Exception {
        Peer.require("ser2net", "ser2net");
        int port;
        try (ServerSocket probe = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            port = probe.getLocalPort();
        }
        try (VirtualSerialPair pair = VirtualSerialPair.open();
             Peer ser2net = Peer.start("ser2net", dir, "ser2net", "-n", "-u", "-P", dir.resolve("pid").toString(),
                     "-Y", "connection: &bridge", "-Y", "  accepter: tcp,127.0.0.1," + port,
                     "-Y", "  connector: serialdev," + pair.a().path() + ",9600n81,local")) {
            assertTrue(awaitListening(port, Duration.ofSeconds(20)), "ser2net does not listen\n" + ser2net.report());
            try (Peer client = Peer.start("socket-client", null, Peer.PYTHON, Peer.script("socket_client.py"),
                    "127.0.0.1:" + port, pair.b().path(), "65536")) {
                assertEquals(0, client.waitFor(Duration.ofSeconds(60)), client.report() + ser2net.report());
            }
        }
    }

    /** ser2net says nothing when it listens: try to connect until it accepts. */
    private static boolean awaitListening(int port, Duration timeout) {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (System.nanoTime() < deadline) {
            try (Socket s = new Socket(InetAddress.getLoopbackAddress(), port)) {
                return true;
            } catch (IOException e) {
                LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(20));
            }
        }
        return false;
    }

    @Test
    void listenAddressIsChecked() {
        CliRun.Result r = CliRun.run("bridge", "/dev/null", "--listen", "nope");
        assertEquals(2, r.code());
        assertEquals("serial bridge: --listen: 'nope' (expected [HOST:]PORT, the port 0..65535)",
                r.err().lines().findFirst().get());
    }
}
