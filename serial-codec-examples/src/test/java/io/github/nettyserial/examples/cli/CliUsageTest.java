package io.github.nettyserial.examples.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.nettyserial.examples.testutil.CliRun;
import io.github.nettyserial.examples.testutil.CliRun.Result;
import io.github.nettyserial.testkit.VirtualSerialPair;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;

/** Help on every command, and option values checked with a message that names the option, the value and what is expected. */
class CliUsageTest {

    /** Every command path below {@code serial}: [list], [xmodem], [xmodem, send], ... */
    static List<List<String>> commandPaths() {
        List<List<String>> paths = new ArrayList<>();
        walk(SerialTool.commandLine(new PrintWriter(new StringWriter()), new PrintWriter(new StringWriter()), false),
                new ArrayList<>(), paths);
        return paths;
    }

    private static void walk(CommandLine cmd, List<String> path, List<List<String>> paths) {
        cmd.getSubcommands().forEach((name, sub) -> {
            List<String> p = new ArrayList<>(path);
            p.add(name);
            paths.add(p);
            walk(sub, p, paths);
        });
    }

    @Test
    void helpOnEveryCommand() {
        List<List<String>> paths = commandPaths();
        assertTrue(paths.size() >= 11, paths.toString());
        for (List<String> path : paths) {
            List<String> args = new ArrayList<>(path);
            args.add("--help");
            Result r = CliRun.run(args.toArray(String[]::new));
            assertEquals(0, r.code(), args + "\n" + r);
            assertTrue(r.out().startsWith("Usage: serial " + String.join(" ", path)), args + "\n" + r.out());
            assertEquals("", r.err(), args.toString());
        }
    }

    @Test
    void helpCommandReachesNestedCommands() {
        Result r = CliRun.run("help", "xmodem", "send");
        assertEquals(0, r.code(), r.toString());
        assertTrue(r.out().startsWith("Usage: serial xmodem send"), r.out());
        assertEquals(CliRun.run("xmodem", "send", "--help").out(), r.out());

        Result unknown = CliRun.run("help", "xmodem", "fetch");
        assertEquals(2, unknown.code(), unknown.toString());
        assertTrue(unknown.err().contains("'xmodem fetch'") && unknown.err().contains("send, receive"), unknown.err());
    }

    @Test
    void exitCodesAreInTheHelp() {
        String help = CliRun.run("--help").out();
        assertTrue(help.contains("Exit codes:") && help.contains("2   bad usage"), help);
    }

    /** Each value the issue found accepted or reported badly: exit 2 and one line naming option, value, expectation. */
    @Test
    void badValuesNameTheOptionTheValueAndWhatIsExpected() throws Exception {
        try (VirtualSerialPair pair = VirtualSerialPair.open()) {
            String p = pair.a().path();
            usage("serial nmea: --max-length: 0 (expected a whole number of 8 or more)", "nmea", p, "--max-length", "0");
            usage("serial demo: --rounds: 0 (expected a whole number of 1 or more)", "demo", "--rounds", "0");
            usage("serial modbus: --timeout: 0 (expected a whole number of 1 or more)",
                    "modbus", p, "--timeout", "0", "read-holding", "0");
            usage("serial monitor: --bytes: -5 (expected a whole number of 1 or more)", "monitor", p, "--bytes", "-5");
            usage("serial send: --wait: -5 (expected a whole number of 0 or more)", "send", p, "x", "--wait", "-5");
            usage("serial xmodem receive: --max-size: -1 (expected a whole number of 1 or more)",
                    "xmodem", "receive", p, "out.bin", "--max-size", "-1");
            usage("serial xmodem send: --timeout: 0 (expected a whole number of 1 or more)",
                    "xmodem", "send", p, "pom.xml", "--timeout", "0");
            usage("serial monitor: --duration: -1 (expected a number above 0)", "monitor", p, "--duration", "-1");
            usage("serial nmea: --count: 0 (expected a whole number of 1 or more)", "nmea", p, "--count", "0");
            usage("serial monitor: --baud: 0 (expected a positive rate)", "monitor", p, "--baud", "0");
            usage("serial modbus: --unit: 300 (expected 1..247; broadcast is for writes only)", "modbus", p, "--unit", "300", "read-holding", "0");
            usage("serial modbus: read-holding: [] (expected ADDRESS after read-holding)", "modbus", p, "read-holding");
        }
    }

    private static void usage(String firstLine, String... args) {
        Result r = CliRun.run(args);
        assertEquals(2, r.code(), String.join(" ", args) + "\n" + r);
        assertEquals(firstLine, r.err().lines().findFirst().orElse(""), String.join(" ", args));
        assertEquals("", r.out());
    }

    @Test
    void parityTakesSingleLettersInAnyCase() throws Exception {
        PortOptions.ParityConverter c = new PortOptions.ParityConverter();
        assertEquals(io.github.nettyserial.Parity.EVEN, c.convert("E"));
        assertEquals(io.github.nettyserial.Parity.EVEN, c.convert("e"));
        assertEquals(io.github.nettyserial.Parity.ODD, c.convert("O"));
        assertEquals(io.github.nettyserial.Parity.MARK, c.convert("m"));
        assertEquals(io.github.nettyserial.Parity.SPACE, c.convert("S"));
        assertEquals(io.github.nettyserial.Parity.NONE, c.convert("n"));
        assertEquals(io.github.nettyserial.Parity.EVEN, c.convert("Even"));
        // Through the tool: a pty refuses parity, so the letter reached the port (exit 1, a run-time refusal).
        try (VirtualSerialPair pair = VirtualSerialPair.open()) {
            Result r = CliRun.run("monitor", pair.a().path(), "--parity", "E", "--duration", "1");
            assertEquals(1, r.code(), r.toString());
            assertTrue(r.err().contains("PARITY=EVEN"), r.err());
        }
        Result bad = CliRun.run("monitor", "/dev/null", "--parity", "X");
        assertEquals(2, bad.code());
        assertTrue(bad.err().contains("'X' is not none, odd, even, mark or space (or N, O, E, M, S)"), bad.err());
    }

    /** The transport refuses DSR/DTR flow on Linux; the message must not claim the port carries on. */
    @Test
    void refusedFlowControlSaysSoAndFails() throws Exception {
        try (VirtualSerialPair pair = VirtualSerialPair.open()) {
            Result r = CliRun.run("monitor", pair.a().path(), "--flow", "dsr-dtr", "--duration", "1");
            assertEquals(1, r.code(), r.toString());
            assertTrue(r.err().startsWith("serial monitor: " + pair.a().path() + ": FLOW_CONTROL=DSR_DTR refused"), r.err());
            assertTrue(!r.err().contains("carrying on"), r.err());
        }
    }

    @Test
    void unknownEncodingIsAUsageError() {
        Result r = CliRun.run("monitor", "/dev/null", "--encoding", "klingon");
        assertEquals(2, r.code(), r.toString());
        assertTrue(r.err().startsWith("Invalid value for option '--encoding': 'klingon' is not a character set"), r.err());
    }

    /** Ports are the transport's to judge: a URL such as rfc2217://host:2217 is not a usage error of the tool. */
    @Test
    void portNamesAreNotParsedByTheTool() {
        Result r = CliRun.run("monitor", "rfc2217://host:2217", "--duration", "1");
        assertEquals(1, r.code(), r.toString());
        assertTrue(r.err().startsWith("serial monitor: rfc2217://host:2217: "), r.err());
    }

    @Test
    void bindFailureNamesTheAddress() throws Exception {
        try (VirtualSerialPair pair = VirtualSerialPair.open();
             java.net.ServerSocket taken = new java.net.ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
            Result r = CliRun.run("bridge", pair.a().path(), "--listen", "127.0.0.1:" + taken.getLocalPort());
            assertEquals(1, r.code(), r.toString());
            assertTrue(r.err().startsWith("serial bridge: cannot listen on 127.0.0.1:" + taken.getLocalPort() + ": "),
                    r.err());
        }
    }
}
