package io.github.nettyserial.linux;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import io.github.nettyserial.SerialPortEvent;
import io.github.nettyserial.SerialPortInfo;
import io.github.nettyserial.SerialPortWatch;
import io.github.nettyserial.SerialPorts;
import io.netty.channel.DefaultEventLoopGroup;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.MultiThreadIoEventLoopGroup;
import io.netty.channel.epoll.EpollIoHandler;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The hotplug watch end to end on this host: the real kernel uevent socket on a real epoll loop, and a
 * synthetic sysfs tree (through the discovery root properties) that the test changes before it makes the
 * kernel emit a tty uevent, by writing "change" to a virtual tty's uevent file (root only). The rig does the
 * same with a real USB unplug.
 */
class SerialPortWatchTest {
    private static final Path TTY_UEVENT = Path.of("/sys/class/tty/ptmx/uevent");
    private static final String FTDI_USB = "pci0000:00/0000:00:14.0/usb1/1-1";

    @TempDir
    Path tmp;
    private SyntheticSysfs fs;
    private EventLoopGroup group;

    @BeforeEach
    void setUp() throws Exception {
        fs = new SyntheticSysfs(tmp);
        fs.device("pnp0/00:05", "pnp", Map.of("id", "PNP0501")).tty("ttyS0", "pnp0/00:05", Map.of("type", "4"), true);
        System.setProperty("io.github.nettyserial.sysfsRoot", fs.sys.toString());
        System.setProperty("io.github.nettyserial.devRoot", fs.dev.toString());
        group = new MultiThreadIoEventLoopGroup(1, EpollIoHandler.newFactory());
    }

    @AfterEach
    void tearDown() {
        System.clearProperty("io.github.nettyserial.sysfsRoot");
        System.clearProperty("io.github.nettyserial.devRoot");
        System.clearProperty("io.github.nettyserial.portWatch");
        System.clearProperty("io.github.nettyserial.portRescanMillis");
        group.shutdownGracefully(0, 1, TimeUnit.SECONDS).syncUninterruptibly();
    }

    private static void kernelTtyUevent() throws IOException {
        try {
            Files.writeString(TTY_UEVENT, "change");
        } catch (IOException e) {
            fail("this test makes the kernel emit a tty uevent by writing to " + TTY_UEVENT
                    + ", which needs root (CI runs as root): " + e);
        }
    }

    private static SerialPortEvent next(BlockingQueue<SerialPortEvent> events) throws InterruptedException {
        SerialPortEvent e = events.poll(10, TimeUnit.SECONDS);
        assertNotNull(e, "no hotplug event within 10 s");
        return e;
    }

    private void plugFtdi(String serial) throws IOException {
        fs.usbSerial("ttyUSB0", FTDI_USB, 0, Map.of("idVendor", "0403", "idProduct", "6001", "serial", serial,
                "product", "FT232R USB UART", "bNumInterfaces", " 1"), Map.of());
    }

    @Test
    void arrivalsAndRemovalsFollowTheKernelsUevents() throws Exception {
        BlockingQueue<SerialPortEvent> events = new LinkedBlockingQueue<>();
        try (SerialPortWatch watch = SerialPorts.watch(group, events::add)) {
            assertEquals(List.of("/dev/ttyS0"), devices(watch.ports()));

            plugFtdi("A1");
            kernelTtyUevent();
            SerialPortEvent arrived = next(events);
            assertEquals(SerialPortEvent.Type.ARRIVED, arrived.type());
            assertEquals("USB VID:PID=0403:6001 SER=A1 LOCATION=1-1", arrived.port().hwid());
            assertEquals(List.of("/dev/ttyS0", "/dev/ttyUSB0"), devices(watch.ports()));

            fs.unplug("ttyUSB0", FTDI_USB);
            kernelTtyUevent();
            SerialPortEvent removed = next(events);
            assertEquals(SerialPortEvent.Type.REMOVED, removed.type());
            assertEquals(arrived.port(), removed.port());
            assertEquals(List.of("/dev/ttyS0"), devices(watch.ports()));
        }
    }

    @Test
    void anotherDeviceUnderTheSameNameIsARemovalThenAnArrival() throws Exception {
        plugFtdi("A1");
        BlockingQueue<SerialPortEvent> events = new LinkedBlockingQueue<>();
        try (SerialPortWatch watch = SerialPorts.watch(group, events::add)) {
            fs.unplug("ttyUSB0", FTDI_USB);
            plugFtdi("B2"); // swapped between two scans
            kernelTtyUevent();
            SerialPortEvent first = next(events);
            SerialPortEvent second = next(events);
            assertEquals(SerialPortEvent.Type.REMOVED, first.type());
            assertEquals("A1", first.port().serialNumber());
            assertEquals(SerialPortEvent.Type.ARRIVED, second.type());
            assertEquals("B2", second.port().serialNumber());
        }
    }

    @Test
    void aThrowingListenerDoesNotStopTheWatchAndAClosedWatchIsSilent() throws Exception {
        BlockingQueue<SerialPortEvent> thrower = new LinkedBlockingQueue<>();
        BlockingQueue<SerialPortEvent> closedOne = new LinkedBlockingQueue<>();
        SerialPortWatch closed = SerialPorts.watch(group, closedOne::add);
        closed.close();
        closed.close(); // idempotent
        try (SerialPortWatch watch = SerialPorts.watch(group, e -> {
            thrower.add(e);
            throw new IllegalStateException("listener bug");
        })) {
            plugFtdi("A1");
            kernelTtyUevent();
            assertEquals(SerialPortEvent.Type.ARRIVED, next(thrower).type());
            fs.unplug("ttyUSB0", FTDI_USB);
            kernelTtyUevent();
            assertEquals(SerialPortEvent.Type.REMOVED, next(thrower).type());
            // Both sockets got both uevents in the same broadcast; once the loop has run past them, the
            // closed watch would have delivered by now.
            group.next().submit(() -> { }).sync();
            assertTrue(closedOne.isEmpty(), "a closed watch delivered " + closedOne);
            assertEquals(List.of("/dev/ttyS0"), devices(watch.ports()));
        }
    }

    /** The rescan-on-a-timer watch: what Windows uses, and Linux containers without uevents. */
    @Test
    void aPollingWatchSeesChangesWithoutAnyUeventOnAnyLoop() throws Exception {
        System.setProperty("io.github.nettyserial.portWatch", "poll");
        System.setProperty("io.github.nettyserial.portRescanMillis", "20");
        EventLoopGroup plain = new DefaultEventLoopGroup(1);
        BlockingQueue<SerialPortEvent> events = new LinkedBlockingQueue<>();
        try (SerialPortWatch watch = SerialPorts.watch(plain, events::add)) {
            plugFtdi("A1");
            SerialPortEvent arrived = next(events);
            assertEquals(SerialPortEvent.Type.ARRIVED, arrived.type());
            assertEquals("/dev/ttyUSB0", arrived.port().device());
            fs.unplug("ttyUSB0", FTDI_USB);
            assertEquals(SerialPortEvent.Type.REMOVED, next(events).type());
            watch.close();
            // Closed: the timer is cancelled on the loop; once the loop has run past it, nothing more comes.
            plain.next().submit(() -> { }).sync();
            plugFtdi("B2");
            plain.next().schedule(() -> { }, 100, TimeUnit.MILLISECONDS).sync(); // five periods
            assertTrue(events.isEmpty(), "a closed polling watch delivered " + events);
        } finally {
            plain.shutdownGracefully(0, 1, TimeUnit.SECONDS).syncUninterruptibly();
        }
    }

    @Test
    void linuxWatchNeedsAnEpollLoop() {
        EventLoopGroup plain = new DefaultEventLoopGroup(1);
        try {
            IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                    () -> SerialPorts.watch(plain, event -> { }));
            assertTrue(e.getMessage().contains("epoll"), e.getMessage());
        } finally {
            plain.shutdownGracefully(0, 1, TimeUnit.SECONDS).syncUninterruptibly();
        }
    }

    @Test
    void listSortsNaturallyAsPyserialDoes() throws Exception {
        fs.device("pnp0/00:06", "pnp", Map.of("id", "PNP0501"))
          .tty("ttyS10", "pnp0/00:06", Map.of("type", "4"), true)
          .device("pnp0/00:07", "pnp", Map.of("id", "PNP0501"))
          .tty("ttyS2", "pnp0/00:07", Map.of("type", "4"), true);
        plugFtdi("A1");
        assertEquals(List.of("/dev/ttyS0", "/dev/ttyS2", "/dev/ttyS10", "/dev/ttyUSB0"), devices(SerialPorts.list()));
    }

    private static List<String> devices(List<SerialPortInfo> ports) {
        return ports.stream().map(SerialPortInfo::device).collect(java.util.stream.Collectors.toList());
    }
}
