package io.github.nettyserial.rig.guest;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import io.github.nettyserial.SerialChannelOption;
import io.github.nettyserial.SerialDisconnectedException;
import io.github.nettyserial.SerialPortEvent;
import io.github.nettyserial.SerialPortInfo;
import io.github.nettyserial.SerialPortWatch;
import io.github.nettyserial.SerialPorts;
import io.netty.buffer.Unpooled;
import io.netty.channel.ChannelFuture;
import io.netty.channel.EventLoopGroup;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;

/**
 * QEMU's emulated FTDI FT232 (0403:6001) on xHCI, driven by the real ftdi_sio driver as guest ttyUSB0; what
 * the guest writes to it lands in the host file RUN/ftdi-out.bin. The last test unplugs it through the QEMU
 * monitor with a channel open, and plugs it back.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
public class FtdiInGuest {
    private static final String PORT = "/dev/ttyUSB0";
    private static final Path LATENCY_TIMER = Path.of("/sys/class/tty/ttyUSB0/device/latency_timer");
    private static EventLoopGroup group;

    @BeforeAll
    static void enumerated() throws Exception {
        group = GuestChannel.newGroup();
        awaitFile(Path.of(PORT), true);
    }

    @AfterAll
    static void shutdown() throws Exception {
        if (group != null) {
            group.shutdownGracefully(0, 1, TimeUnit.SECONDS).sync();
        }
    }

    @Test
    @Order(1)
    void listReportsTheFtdiAndTheSameHwidsAsPyserial() throws Exception {
        Map<String, String> pyserial = pyserialListPorts();
        Map<String, String> ours = new LinkedHashMap<>();
        for (SerialPortInfo p : SerialPorts.list()) {
            ours.put(p.device(), p.description() + " | " + p.hwid());
        }
        assertEquals(pyserial, ours, "SerialPorts.list() against python3 -m serial.tools.list_ports -v");

        SerialPortInfo ftdi = SerialPorts.list().stream().filter(p -> p.device().equals(PORT)).findFirst()
                .orElseThrow(() -> new AssertionError(PORT + " not listed"));
        assertEquals(0x0403, ftdi.vid());
        assertEquals(0x6001, ftdi.pid());
        assertEquals("QEMU", ftdi.manufacturer());
        assertEquals("QEMU USB SERIAL", ftdi.product());
        assertTrue(ftdi.hwid().startsWith("USB VID:PID=0403:6001 SER="), ftdi.hwid());
        System.out.println("RIG: pyserial and SerialPorts.list() agree: " + ours);
    }

    /** {@code device -> "desc | hwid"} as pyserial prints them. */
    private static Map<String, String> pyserialListPorts() throws IOException, InterruptedException {
        Process p = new ProcessBuilder("/usr/bin/python3", "-m", "serial.tools.list_ports", "-v")
                .redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertEquals(0, p.waitFor(), "pyserial list_ports failed (apt-get install python3-serial):\n" + out);
        Map<String, String> ports = new LinkedHashMap<>();
        String device = null;
        String desc = null;
        for (String line : out.split("\n")) {
            if (line.startsWith("    desc: ")) {
                desc = line.substring("    desc: ".length());
            } else if (line.startsWith("    hwid: ")) {
                ports.put(device, desc + " | " + line.substring("    hwid: ".length()));
            } else if (line.startsWith("/dev/")) {
                device = line.trim();
            }
        }
        assertFalse(ports.isEmpty(), "pyserial listed nothing:\n" + out);
        return ports;
    }

    @Test
    @Order(2)
    void lowLatencyDrivesTheFtdiLatencyTimer() throws Exception {
        String before = Files.readString(LATENCY_TIMER).trim();
        try (GuestChannel c = GuestChannel.connect(group, PORT, Map.of(SerialChannelOption.LOW_LATENCY, true))) {
            assertEquals("1", Files.readString(LATENCY_TIMER).trim(), "latency_timer with LOW_LATENCY (was " + before + ")");
            c.channel.config().setOption(SerialChannelOption.LOW_LATENCY, false);
            assertFalse("1".equals(Files.readString(LATENCY_TIMER).trim()), "latency_timer after LOW_LATENCY off");
        }
        System.out.println("RIG: latency_timer " + before + " -> 1 -> " + Files.readString(LATENCY_TIMER).trim());
    }

    @Test
    @Order(3)
    void writesReachTheDevice() throws Exception {
        try (GuestChannel c = GuestChannel.connect(group, PORT, Map.of(SerialChannelOption.BAUD_RATE, 115_200))) {
            c.channel.writeAndFlush(Unpooled.copiedBuffer("hello-from-netty-serial\n", StandardCharsets.US_ASCII)).sync();
            awaitDeviceOutput("hello-from-netty-serial\n");
        }
    }

    @Test
    @Order(4)
    void ratesTheFtdiCanMakeAreHeldCustomOnesIncluded() throws Exception {
        try (GuestChannel c = GuestChannel.connect(group, PORT, Map.of(SerialChannelOption.BAUD_RATE, 250_000));
             GuestTty tty = new GuestTty(PORT)) {
            assertEquals(250_000, tty.termios().ospeed(), "DMX's 250000 on ftdi_sio");
            c.channel.config().setOption(SerialChannelOption.BAUD_RATE, 3_000_000);
            assertEquals(3_000_000, tty.termios().ospeed());
            c.channel.config().setOption(SerialChannelOption.BAUD_RATE, 31_250);
            assertEquals(31_250, tty.termios().ospeed(), "MIDI's 31250");
        }
    }

    @Test
    @Order(5)
    void unplugOfAnOpenChannelThenReplug() throws Exception {
        BlockingQueue<SerialPortEvent> events = new LinkedBlockingQueue<>();
        try (SerialPortWatch watch = SerialPorts.watch(events::add)) {
            assertTrue(watch.ports().stream().anyMatch(p -> p.device().equals(PORT)), watch.ports().toString());
            GuestChannel c = GuestChannel.connect(group, PORT, Map.of());
            try {
                // Queued but not flushed (on the loop, so it is surely queued): it must fail when the port goes.
                assertTrue(c.channel.isActive(), "the channel is active before the unplug");
                ChannelFuture pending = c.channel.eventLoop().submit(() -> c.channel.write(
                        Unpooled.copiedBuffer("never sent", StandardCharsets.US_ASCII))).get();
                assertFalse(pending.isDone(), "the unflushed write completed before the unplug: " + pending.cause());
                RigGuest.monitor("device_del usbser0");

                c.inactive.get(GuestChannel.PATIENCE.toSeconds(), TimeUnit.SECONDS);
                assertFalse(c.channel.isOpen());
                assertTrue(c.exceptions.stream().anyMatch(SerialDisconnectedException.class::isInstance),
                        "exceptionCaught saw " + c.exceptions);
                assertTrue(pending.await(GuestChannel.PATIENCE.toMillis()), "the pending write never completed");
                assertFalse(pending.isSuccess(), "the pending write succeeded after unplug");
                assertTrue(causedBy(pending.cause(), SerialDisconnectedException.class),
                        "the pending write failed with " + chain(pending.cause()));
            } finally {
                c.close();
            }
            SerialPortEvent removed = await(events, e -> e.type() == SerialPortEvent.Type.REMOVED);
            assertEquals(PORT, removed.port().device());
            assertEquals(0x0403, removed.port().vid());
            awaitFile(Path.of(PORT), false);

            RigGuest.monitor("device_add usb-serial,id=usbser1,chardev=ftdichr,bus=xhci.0");
            SerialPortEvent arrived = await(events, e -> e.type() == SerialPortEvent.Type.ARRIVED);
            // The channel closed its descriptor at once, so the kernel could give the name back.
            assertEquals(PORT, arrived.port().device(), "replugged as " + arrived.port());
            assertEquals(0x6001, arrived.port().pid());
            assertTrue(watch.ports().contains(arrived.port()), watch.ports().toString());
        }
        try (GuestChannel again = GuestChannel.connect(group, PORT, Map.of())) {
            again.channel.writeAndFlush(Unpooled.copiedBuffer("after-replug\n", StandardCharsets.US_ASCII)).sync();
            awaitDeviceOutput("after-replug\n");
        }
    }

    /** The cause chain, with where each was made (stackless exceptions keep one frame that names the method). */
    private static String chain(Throwable t) {
        StringBuilder sb = new StringBuilder();
        for (Throwable c = t; c != null; c = c.getCause()) {
            sb.append(sb.length() == 0 ? "" : " <- ").append(c);
            if (c.getStackTrace().length > 0) {
                sb.append(" at ").append(c.getStackTrace()[0]);
            }
        }
        return sb.toString();
    }

    private static boolean causedBy(Throwable t, Class<? extends Throwable> type) {
        for (Throwable c = t; c != null; c = c.getCause()) {
            if (type.isInstance(c)) {
                return true;
            }
        }
        return false;
    }

    private static SerialPortEvent await(BlockingQueue<SerialPortEvent> events, Predicate<SerialPortEvent> which)
            throws InterruptedException {
        long deadline = System.nanoTime() + GuestChannel.PATIENCE.toNanos();
        List<SerialPortEvent> seen = new java.util.ArrayList<>();
        while (System.nanoTime() < deadline) {
            SerialPortEvent e = events.poll(deadline - System.nanoTime(), TimeUnit.NANOSECONDS);
            if (e != null) {
                seen.add(e);
                if (which.test(e)) {
                    return e;
                }
            }
        }
        return fail("no such hotplug event within " + GuestChannel.PATIENCE + "; saw " + seen);
    }

    private static void awaitFile(Path p, boolean present) throws InterruptedException {
        long deadline = System.nanoTime() + GuestChannel.PATIENCE.toNanos();
        while (Files.exists(p) != present) {
            if (System.nanoTime() > deadline) {
                fail(p + (present ? " did not appear" : " did not go away") + " within " + GuestChannel.PATIENCE);
            }
            Thread.sleep(20); // devtmpfs has no event short of inotify; this is a rig, not a product path
        }
    }

    /** Waits until the host-side chardev file of the FTDI ends with {@code text}. */
    private static void awaitDeviceOutput(String text) throws Exception {
        Path out = RigGuest.runDir().resolve("ftdi-out.bin");
        long deadline = System.nanoTime() + GuestChannel.PATIENCE.toNanos();
        String got = "";
        while (System.nanoTime() < deadline) {
            got = Files.exists(out) ? Files.readString(out, StandardCharsets.ISO_8859_1) : "";
            if (got.endsWith(text)) {
                return;
            }
            Thread.sleep(20);
        }
        assertNotNull(got);
        fail("the FTDI's far end did not receive '" + text.trim() + "'; it has: '" + got + "'");
    }
}
