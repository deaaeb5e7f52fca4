package io.github.nettyserial.examples.cli;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.nettyserial.examples.testutil.TmuxTerminal;
import io.github.nettyserial.testkit.VirtualSerialPort;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code serial term} in a real terminal (tmux), as its own process, against a virtual port whose device end
 * the test plays.
 */
class TermCommandTest {

    private static final Duration WAIT = Duration.ofSeconds(30);
    private static final String READY = "quit: Ctrl+]";

    /** The tool as a user starts it: its own JVM, on this build's classes. */
    private static List<String> serial(String... args) {
        List<String> command = new ArrayList<>(List.of(
                Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-cp", System.getProperty("java.class.path"),
                SerialTool.class.getName()));
        command.addAll(List.of(args));
        return command;
    }

    /** What {@code stty -F PORT ARGS} prints: the port's settings as any other program sees them. */
    private static String stty(String port, String... args) throws Exception {
        List<String> command = new ArrayList<>(List.of("stty", "-F", port));
        command.addAll(List.of(args));
        Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8).trim();
        assertTrue(p.waitFor(30, TimeUnit.SECONDS), "stty did not finish");
        assertEquals(0, p.exitValue(), "stty " + String.join(" ", args) + ": " + out);
        return out;
    }

    @Test
    void typedTextReachesTheDeviceAndTheDevicesTextShowsSafely() throws Exception {
        try (VirtualSerialPort device = VirtualSerialPort.open();
             TmuxTerminal term = TmuxTerminal.start(serial("term", device.path()))) {
            term.awaitScreen(READY);

            term.type("hello");
            term.press("Enter");
            assertArrayEquals("hello\r\n".getBytes(StandardCharsets.US_ASCII), device.readDevice(7, WAIT),
                    "Enter sends the line ending, CRLF by default");

            device.deviceOutput().write("h\u00e9llo\u001b[2J\r\nnext line\r\n".getBytes(StandardCharsets.UTF_8));
            String screen = term.awaitScreen("next line");
            assertTrue(screen.contains("h\u00e9llo^[[2J\nnext line\n"), screen);
            assertTrue(screen.contains(READY), "ESC[2J did not clear the screen:\n" + screen);

            term.press("C-]");
            assertEquals(0, term.awaitExit(), term.screen() + term.stderr());
            assertEquals("", term.stderr());
        }
    }

    @Test
    void menuChangesTheBaudRateAtRuntime() throws Exception {
        try (VirtualSerialPort device = VirtualSerialPort.open();
             TmuxTerminal term = TmuxTerminal.start(serial("term", device.path(), "--baud", "9600"))) {
            term.awaitScreen(READY);
            assertEquals("9600", stty(device.path(), "speed"));

            term.press("C-t", "b");
            term.awaitScreen("baud rate:");
            term.type("115200");
            term.press("Enter");
            term.awaitScreen("--- baud rate 115200 ---");
            assertEquals("115200", stty(device.path(), "speed"));
            assertEquals(115200, device.lineSettings().baudRate(), "termios2 read back from the device end");

            term.press("C-t", "x");
            term.awaitScreen("no menu key x");
            term.press("C-]");
            assertEquals(0, term.awaitExit(), term.screen() + term.stderr());
        }
    }

    @Test
    void hangUpIsReportedOnStderrAndExitsOne() throws Exception {
        try (VirtualSerialPort device = VirtualSerialPort.open();
             TmuxTerminal term = TmuxTerminal.start(serial("term", device.path()))) {
            term.awaitScreen(READY);
            device.hangUp();
            assertEquals(1, term.awaitExit(), term.screen() + term.stderr());
            String err = term.stderr();
            assertTrue(err.startsWith("serial term: " + device.path() + ": "), err);
            assertTrue(err.contains("hung up"), err);
            assertEquals(1, err.lines().count(), err);
        }
    }

    @Test
    void hexTimestampsEchoAndLog(@TempDir Path dir) throws Exception {
        Path log = dir.resolve("term.log");
        try (VirtualSerialPort device = VirtualSerialPort.open();
             TmuxTerminal term = TmuxTerminal.start(serial("term", device.path(), "--hex", "--timestamps", "--echo",
                     "--eol", "lf", "--log", log.toString()))) {
            term.awaitScreen(READY);
            term.type("ok");
            term.press("Enter");
            assertArrayEquals("ok\n".getBytes(StandardCharsets.US_ASCII), device.readDevice(3, WAIT));
            device.deviceOutput().write(new byte[] {0x01, (byte) 0xfe, 0x1b});
            String screen = term.awaitScreen("01 fe 1b");
            assertTrue(screen.matches("(?s).*\\[\\d\\d:\\d\\d:\\d\\d\\.\\d{3}] 01 fe 1b\n.*"), screen);
            // Local echo: each key is sent (and shown) as it is typed; Enter sends the line ending, LF here.
            assertTrue(screen.contains("] 6f\n") && screen.contains("] 6b\n") && screen.contains("] 0a\n"),
                    "local echo in hex:\n" + screen);
            term.press("C-]");
            assertEquals(0, term.awaitExit(), term.screen() + term.stderr());
            assertArrayEquals(new byte[] {0x01, (byte) 0xfe, 0x1b}, Files.readAllBytes(log));
        }
    }

    @Test
    void aLogFileThatCannotBeWrittenIsNamed(@TempDir Path dir) throws Exception {
        try (VirtualSerialPort device = VirtualSerialPort.open()) {
            var r = SerialToolTest.run("term", device.path(), "--log", dir.toString());
            assertEquals(1, r.code(), r.toString());
            assertEquals("serial term: --log: " + dir + " (Is a directory)\n", r.err());
        }
    }

    @Test
    void badOptionsAreUsageErrors() {
        assertEquals(2, SerialToolTest.run("term", "/dev/null", "--encoding", "martian").code());
        assertEquals(2, SerialToolTest.run("term", "/dev/null", "--raw", "--hex").code());
        assertEquals(2, SerialToolTest.run("term", "/dev/null", "--eol", "sometimes").code());
        assertFalse(SerialToolTest.run("term", "/dev/null", "--encoding", "martian").err().isEmpty());
    }
}
