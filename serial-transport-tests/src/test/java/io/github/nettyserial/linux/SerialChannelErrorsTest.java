package io.github.nettyserial.linux;

import io.github.nettyserial.NotASerialPortException;
import io.github.nettyserial.Parity;
import io.github.nettyserial.SerialChannel;
import io.github.nettyserial.SerialChannelConfig;
import io.github.nettyserial.SerialChannelOption;
import io.github.nettyserial.SerialDeviceAddress;
import io.github.nettyserial.SerialPortBusyException;
import io.github.nettyserial.SerialPortNotFoundException;
import io.github.nettyserial.UnsupportedSerialConfigurationException;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.nettyserial.testkit.VirtualSerialPort;
import io.netty.bootstrap.Bootstrap;
import io.netty.channel.ChannelFuture;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.channel.ChannelOption;
import io.netty.channel.EventLoopGroup;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Every bad input gives its typed exception, names what was wrong, and leaves no descriptor open. */
class SerialChannelErrorsTest extends PtyChannelTest {
    private static Throwable connectFailure(Bootstrap b, String path) throws Exception {
        long before = ProcessResources.openFds();
        long onDevice = ProcessResources.fdsOn(path);
        ChannelFuture f = b.connect(new SerialDeviceAddress(path)).await();
        assertFalse(f.isSuccess(), "connect to " + path + " should fail");
        // A channel Bootstrap closes before registering it (closeForcibly) never completes its closeFuture.
        PtyChannels.await("the channel closed after " + f.cause(), () -> !f.channel().isOpen());
        assertEquals(onDevice, ProcessResources.fdsOn(path), "descriptor left open on " + path);
        // Other threads of the JVM may open or close files meanwhile; the count must at least not grow.
        assertTrue(ProcessResources.openFds() <= before, "descriptors left open after a failed connect to " + path);
        return f.cause();
    }

    @Test
    void missingDeviceIsNotFound() throws Exception {
        Throwable e = connectFailure(bootstrap(), "/dev/ttyNOSUCH9");
        SerialPortNotFoundException nf = assertInstanceOf(SerialPortNotFoundException.class, e);
        assertEquals("/dev/ttyNOSUCH9", nf.path());
        assertEquals(2, nf.nativeErrorCode());
        assertTrue(nf.getMessage().contains("/dev/ttyNOSUCH9"), nf.getMessage());
    }

    @Test
    void characterDeviceThatIsNotATerminal() throws Exception {
        Throwable e = connectFailure(bootstrap(), "/dev/null");
        NotASerialPortException n = assertInstanceOf(NotASerialPortException.class, e);
        assertEquals(25, n.nativeErrorCode()); // ENOTTY
        assertTrue(n.getMessage().startsWith("/dev/null: "), n.getMessage());
    }

    @Test
    void regularFileAndDirectoryAreNotSerialPorts(@TempDir Path dir) throws Exception {
        Path file = Files.writeString(dir.resolve("file"), "x");
        assertInstanceOf(NotASerialPortException.class, connectFailure(bootstrap(), file.toString()));
        assertInstanceOf(NotASerialPortException.class, connectFailure(bootstrap(), dir.toString()));
    }

    @Test
    void secondExclusiveOpenerIsBusyAndNamesTheHolder() throws Exception {
        try (VirtualSerialPort port = VirtualSerialPort.open()) {
            SerialChannel first = PtyChannels.connect(bootstrap(), port.address());
            Throwable e = connectFailure(bootstrap(), port.path());
            SerialPortBusyException busy = assertInstanceOf(SerialPortBusyException.class, e);
            assertTrue(busy.getMessage().contains("pid " + ProcessHandle.current().pid()), busy.getMessage());
            // A non-exclusive opener is refused too while an exclusive one holds the port.
            Bootstrap shared = bootstrap().option(SerialChannelOption.EXCLUSIVE, false);
            assertInstanceOf(SerialPortBusyException.class, connectFailure(shared, port.path()));
            first.close().sync();
            // Released at close: the port can be opened again.
            PtyChannels.connect(bootstrap(), port.address()).close().sync();
        }
    }

    @Test
    void twoSharedOpenersMayCoexist() throws Exception {
        try (VirtualSerialPort port = VirtualSerialPort.open()) {
            Bootstrap shared = bootstrap().option(SerialChannelOption.EXCLUSIVE, false);
            SerialChannel a = PtyChannels.connect(shared, port.address());
            SerialChannel b = PtyChannels.connect(shared, port.address());
            a.close().sync();
            b.close().sync();
        }
    }

    @Test
    void invalidValuesAreRefusedAtSetOptionWithOptionAndValue() {
        SerialChannel ch = new SerialChannel();
        SerialChannelConfig c = ch.config();
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> c.setOption(SerialChannelOption.BAUD_RATE, 0));
        assertTrue(e.getMessage().contains("BAUD_RATE=0"), e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> c.setOption(SerialChannelOption.BAUD_RATE, -9600));
        assertTrue(e.getMessage().contains("BAUD_RATE=-9600"), e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> c.setOption(SerialChannelOption.DATA_BITS, 4));
        assertTrue(e.getMessage().contains("DATA_BITS=4"), e.getMessage());
        assertThrows(IllegalArgumentException.class, () -> c.setOption(SerialChannelOption.DATA_BITS, 9));
        NullPointerException npe = assertThrows(NullPointerException.class,
                () -> c.setOption(SerialChannelOption.PARITY, null));
        assertTrue(npe.getMessage().contains("PARITY=null"), npe.getMessage());
        assertThrows(NullPointerException.class, () -> c.setOption(SerialChannelOption.UNSUPPORTED_POLICY, null));
        assertThrows(NullPointerException.class, () -> c.setOption(SerialChannelOption.DTR, null));
        // The refused values did not stick.
        assertEquals(9600, c.getBaudRate());
        assertEquals(8, c.getDataBits());
        assertEquals(Parity.NONE, c.getParity());
        // RS485 is the one option where null is a value: off.
        assertTrue(c.setOption(SerialChannelOption.RS485, null));
    }

    @Test
    void valuesRefusedInTheBootstrapFailTheConnect() throws Exception {
        try (VirtualSerialPort port = VirtualSerialPort.open()) {
            // Netty 4.2 fails the connect itself when an option is refused (io.netty.bootstrap.closeOnSetOptionFailure).
            Throwable e = connectFailure(bootstrap().option(SerialChannelOption.BAUD_RATE, 0), port.path());
            assertInstanceOf(IllegalArgumentException.class, e);
            assertTrue(e.getMessage().contains("BAUD_RATE=0"), e.getMessage());
        }
    }

    @Test
    void valuesRefusedEarlierFailTheConnectToo() throws Exception {
        // Where the refusal was only logged (older Bootstraps, that property off, or code that caught it), the
        // connect must not go ahead with the defaults instead: it fails with the typed error.
        try (VirtualSerialPort port = VirtualSerialPort.open()) {
            assertConnectRefused(port, c -> c.setOption(SerialChannelOption.BAUD_RATE, 0), "BAUD_RATE=0");
            assertConnectRefused(port, c -> c.setOption(SerialChannelOption.BAUD_RATE, -1), "BAUD_RATE=-1");
            assertConnectRefused(port, c -> c.setOption(SerialChannelOption.DATA_BITS, 4), "DATA_BITS=4");
            assertConnectRefused(port, c -> c.setOption(SerialChannelOption.PARITY, null), "PARITY=null");
            assertConnectRefused(port, c -> c.setOption(SerialChannelOption.STOP_BITS, null), "STOP_BITS=null");
        }
    }

    private static void assertConnectRefused(VirtualSerialPort port, java.util.function.Consumer<SerialChannelConfig> refuse,
                                             String expected) throws Exception {
        long onDevice = ProcessResources.fdsOn(port.path());
        SerialChannel ch = new SerialChannel();
        assertThrows(RuntimeException.class, () -> refuse.accept(ch.config()));
        group.register(ch).sync();
        ChannelFuture f = ch.connect(port.address()).await();
        UnsupportedSerialConfigurationException u = assertInstanceOf(UnsupportedSerialConfigurationException.class, f.cause());
        assertTrue(u.getMessage().startsWith(port.path() + ": "), u.getMessage());
        assertTrue(u.getMessage().contains(expected), u.getMessage());
        assertEquals(port.path(), u.path());
        ch.closeFuture().await(10, java.util.concurrent.TimeUnit.SECONDS);
        assertFalse(ch.isOpen());
        assertEquals(onDevice, ProcessResources.fdsOn(port.path()), "descriptor left open");
    }

    @Test
    void aLaterGoodValueReplacesARefusedOne() throws Exception {
        try (VirtualSerialPort port = VirtualSerialPort.open()) {
            SerialChannel ch = new SerialChannel();
            assertThrows(IllegalArgumentException.class, () -> ch.config().setOption(SerialChannelOption.BAUD_RATE, 0));
            ch.config().setOption(SerialChannelOption.BAUD_RATE, 19200);
            group.register(ch).sync();
            ch.connect(port.address()).sync();
            assertEquals(19200, port.lineSettings().baudRate());
            ch.close().sync();
        }
    }

    @Test
    void refusedLineSettingsFailTheConnectAndCloseTheDescriptor() throws Exception {
        try (VirtualSerialPort port = VirtualSerialPort.open()) {
            // A pseudo-terminal has no parity and no 7-bit mode: the read-back differs, RAISE refuses.
            Throwable e = connectFailure(bootstrap().option(SerialChannelOption.PARITY, Parity.EVEN), port.path());
            UnsupportedSerialConfigurationException u = assertInstanceOf(UnsupportedSerialConfigurationException.class, e);
            assertTrue(u.getMessage().contains("PARITY=EVEN"), u.getMessage());
            e = connectFailure(bootstrap().option(SerialChannelOption.DATA_BITS, 7), port.path());
            assertTrue(e.getMessage().contains("DATA_BITS=7"), e.getMessage());
        }
    }

    @Test
    void connectToSomethingElseThanADeviceAddress() throws Exception {
        ChannelFuture f = bootstrap().connect(new java.net.InetSocketAddress("127.0.0.1", 1)).await();
        assertInstanceOf(IllegalArgumentException.class, f.cause());
    }

    @Test
    void bindIsRefused() throws Exception {
        SerialChannel ch = new SerialChannel();
        group.register(ch).sync();
        ChannelFuture f = ch.bind(new SerialDeviceAddress("/dev/null")).await();
        assertInstanceOf(UnsupportedOperationException.class, f.cause());
        ch.close().sync();
    }

    @Test
    void nettyOptionsStillWork() {
        SerialChannel ch = new SerialChannel();
        assertTrue(ch.config().setOption(ChannelOption.AUTO_READ, false));
        assertFalse(ch.config().isAutoRead());
        assertTrue(ch.config().getOptions().containsKey(SerialChannelOption.BAUD_RATE));
        assertTrue(ch.config().getOptions().containsKey(ChannelOption.AUTO_READ));
    }
}
