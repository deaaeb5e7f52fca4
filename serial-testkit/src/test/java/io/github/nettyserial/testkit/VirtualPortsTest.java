package io.github.nettyserial.testkit;

import static java.nio.charset.StandardCharsets.US_ASCII;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.nettyserial.SerialChannel;
import io.github.nettyserial.SerialDeviceAddress;
import io.github.nettyserial.SerialDisconnectedException;
import io.github.nettyserial.SerialEventLoopGroup;
import io.netty.bootstrap.Bootstrap;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.channel.Channel;
import io.netty.channel.ChannelFuture;
import java.time.Duration;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/** FakeSerialDevice on real pseudo-terminals, talking to a real SerialChannel, with the extension as a user has it. */
@ExtendWith(VirtualSerialExtension.class)
class VirtualPortsTest {
    private static final long WAIT_SECONDS = 10;

    /** The testkit's recording handler, with what arrived as ASCII text. */
    static final class Recorder extends RecordingHandler {
        String text() {
            return new String(bytes(), US_ASCII);
        }
    }

    private static Channel connect(SerialEventLoopGroup group, SerialDeviceAddress address, Recorder recorder) {
        return new Bootstrap().group(group).channel(SerialChannel.class).handler(recorder)
                .connect(address).syncUninterruptibly().channel();
    }

    private static ByteBuf ascii(String s) {
        return Unpooled.copiedBuffer(s, US_ASCII);
    }

    @Test
    void aScriptedDeviceAnswersARealChannel(FakeSerialDevice device, SerialEventLoopGroup group) throws Exception {
        device.expect("AT\r").reply("OK\r\n")
                .expect("ATI\r").delay(Duration.ofMillis(20)).reply("FakeModem 1.0\r\nOK\r\n")
                .start();
        Recorder recorder = new Recorder();
        Channel ch = connect(group, device.address(), recorder);

        ch.writeAndFlush(ascii("AT\r"));
        await("OK", () -> recorder.text().equals("OK\r\n"));
        ch.writeAndFlush(ascii("ATI\r"));
        await("the identification", () -> recorder.text().endsWith("FakeModem 1.0\r\nOK\r\n"));
        device.awaitDone();

        ch.writeAndFlush(ascii("ATH\r")).sync(); // after the script the device still listens
        device.assertReceived("AT\rATI\rATH\r");
        ch.close().sync();
    }

    @Test
    void whatTheChannelGotWrongIsShownAsADiff(VirtualSerialPort port, SerialEventLoopGroup group) throws Exception {
        // A device made by hand, not injected: the extension would (rightly) fail this test for its failed script.
        try (FakeSerialDevice device = FakeSerialDevice.on(port).expect("PING\r\n").start()) {
            Channel ch = connect(group, port.address(), new Recorder());
            ch.writeAndFlush(ascii("PONG\r\n")).sync();
            AssertionError e = assertThrows(AssertionError.class, device::awaitDone);
            assertTrue(e.getMessage().startsWith(port.path() + ": step 1 of 1, expect 6 bytes"), e.getMessage());
            assertTrue(e.getMessage().contains("first difference at byte 1"), e.getMessage());
            ch.close().sync();
        }
    }

    @Test
    void aHangUpDisconnectsTheChannel(FakeSerialDevice device, SerialEventLoopGroup group) throws Exception {
        device.expect("bye\r").hangUp().start();
        Recorder recorder = new Recorder();
        Channel ch = connect(group, device.address(), recorder);
        ch.writeAndFlush(ascii("bye\r"));
        device.awaitDone();
        Throwable cause = recorder.errors().poll(WAIT_SECONDS, TimeUnit.SECONDS);
        assertInstanceOf(SerialDisconnectedException.class, cause);
        await("channelInactive", () -> recorder.isInactive());
        assertFalse(ch.isOpen());
    }

    @Test
    void aSlowDeviceHoldsBackTheChannelsWrites(FakeSerialDevice device, SerialEventLoopGroup group) throws Exception {
        int total = 96 * 1024; // several times what the pty buffers
        byte[] data = new byte[total];
        new Random(7).nextBytes(data);
        device.readPaced(64 * 1024).receive(total).start();
        Channel ch = connect(group, device.address(), new Recorder());

        ChannelFuture last = null;
        for (int off = 0; off < total; off += 1024) {
            last = ch.write(Unpooled.wrappedBuffer(data, off, 1024));
        }
        ch.flush();
        await("the first byte at the device", () -> device.received().length > 0);
        assertFalse(last.isDone(), "the last write waits while the device reads at its pace");
        assertTrue(last.await(WAIT_SECONDS, TimeUnit.SECONDS) && last.isSuccess());
        device.awaitDone();
        assertArrayEquals(data, device.received());
        ch.close().sync();
    }

    @Test
    void withoutTheExtension(SerialEventLoopGroup group) throws Exception {
        try (VirtualSerialPort port = VirtualSerialPort.open();
             FakeSerialDevice device = FakeSerialDevice.on(port).expect("PING\r\n").reply("PONG\r\n").start()) {
            Recorder recorder = new Recorder();
            Channel ch = connect(group, port.address(), recorder);
            ch.writeAndFlush(ascii("PING\r\n"));
            await("PONG", () -> recorder.text().equals("PONG\r\n"));
            ch.close().sync();
            device.awaitDone();
        }
        // The device's thread has ended: close() waited for it.
    }

    @Test
    void aPairConnectsTwoChannels(VirtualSerialPair pair, SerialEventLoopGroup group) throws Exception {
        Recorder atB = new Recorder();
        Channel a = connect(group, pair.a(), new Recorder());
        Channel b = connect(group, pair.b(), atB);
        a.writeAndFlush(ascii("over the null-modem cable")).sync();
        await("the bytes at B", () -> atB.text().equals("over the null-modem cable"));
        a.close().sync();
        b.close().sync();
    }

    private static void await(String what, BooleanSupplier condition) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(WAIT_SECONDS);
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("timed out waiting for " + what);
            }
            Thread.sleep(2);
        }
    }
}
