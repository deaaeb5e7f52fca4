package io.github.nettyserial.examples.peer;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.nettyserial.examples.testutil.CliRun;
import io.github.nettyserial.testkit.VirtualSerialPair;
import java.time.Duration;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

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

    @Test
    void listenAddressIsChecked() {
        CliRun.Result r = CliRun.run("bridge", "/dev/null", "--listen", "nope");
        assertEquals(1, r.code());
        assertEquals("serial bridge: --listen: 'nope' is not [HOST:]PORT\n", r.err());
    }
}
