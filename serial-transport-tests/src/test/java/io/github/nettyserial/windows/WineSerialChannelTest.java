package io.github.nettyserial.windows;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.nettyserial.SerialChannel;
import io.github.nettyserial.SerialChannelOption;
import io.github.nettyserial.SerialDisconnectedException;
import io.github.nettyserial.SerialPortNotFoundException;
import io.github.nettyserial.testkit.VirtualSerialPort;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.channel.ChannelFuture;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.channel.ChannelOption;
import io.netty.channel.WriteBufferWaterMark;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

/**
 * The whole SerialChannel on an IOCP loop over Wine's kernel32, unchanged, against a pty playing the device.
 * Only what Wine does like Windows is tested here (see docs/windows.md): no modem lines, no exclusive
 * access, no CloseHandle with I/O pending.
 */
class WineSerialChannelTest extends WinePorts {
    private static final Duration WAIT = Duration.ofSeconds(TIMEOUT_SECONDS);

    private static ByteBuf ascii(String s) {
        return Unpooled.copiedBuffer(s, StandardCharsets.US_ASCII);
    }

    private static byte[] random(int n, long seed) {
        byte[] data = new byte[n];
        new Random(seed).nextBytes(data);
        return data;
    }

    /**
     * Writes {@code data} from the device end in pieces of {@code piece} bytes, {@code pauseNanos} apart, on a
     * thread of its own (the pty blocks when full).
     */
    private static CompletableFuture<Void> deviceSends(VirtualSerialPort device, byte[] data, int piece,
                                                       long pauseNanos) {
        return CompletableFuture.runAsync(() -> {
            try {
                OutputStream out = device.deviceOutput();
                for (int off = 0; off < data.length; off += piece) {
                    out.write(data, off, Math.min(piece, data.length - off));
                    if (pauseNanos > 0) {
                        java.util.concurrent.locks.LockSupport.parkNanos(pauseNanos);
                    }
                }
            } catch (IOException e) {
                throw new java.io.UncheckedIOException(e);
            }
        });
    }

    @Test
    void opensTheDeviceName() throws Exception {
        VirtualSerialPort device = device(12);
        SerialChannel ch = open("\\\\.\\COM12");
        assertEquals("\\\\.\\COM12", ch.remoteAddress().path());
        ch.writeAndFlush(ascii("x")).sync();
        assertArrayEquals(new byte[] {'x'}, device.readDevice(1, WAIT));
    }

    @Test
    void opensTheBareComNameThroughTheDevicePrefix() throws Exception {
        // Wine, like Windows, finds no bare "COM12" (only COM1..COM9 are DOS names): the backend adds \\.\.
        VirtualSerialPort device = device(12);
        SerialChannel ch = open("COM12");
        assertEquals("COM12", ch.remoteAddress().path());
        ch.writeAndFlush(ascii("y")).sync();
        assertArrayEquals(new byte[] {'y'}, device.readDevice(1, WAIT));
    }

    @Test
    void aMissingPortIsNotFound() throws Exception {
        ChannelFuture f = connect("COM99", opts());
        SerialPortNotFoundException e = assertInstanceOf(SerialPortNotFoundException.class, f.cause());
        assertEquals(Win32.ERROR_FILE_NOT_FOUND, e.nativeErrorCode());
        assertEquals("COM99", e.path());
    }

    @Test
    void echoThroughTheDevice() throws Exception {
        VirtualSerialPort device = device();
        Collector c = new Collector();
        SerialChannel ch = open(com(device), c);
        ch.writeAndFlush(ascii("hello, device")).sync();
        assertArrayEquals("hello, device".getBytes(StandardCharsets.US_ASCII), device.readDevice(13, WAIT));
        device.deviceOutput().write("and back".getBytes(StandardCharsets.US_ASCII));
        assertEquals("and back", new String(c.await(8), StandardCharsets.US_ASCII));
        assertTrue(ch.isActive());
    }

    @Test
    void oneMebibyteFromTheChannelArrivesIntact() throws Exception {
        VirtualSerialPort device = device();
        SerialChannel ch = open(com(device));
        byte[] data = random(1 << 20, 42);
        Random sizes = new Random(7);
        List<ChannelFuture> writes = new ArrayList<>();
        for (int off = 0; off < data.length;) {
            int n = Math.min(data.length - off, 1 + sizes.nextInt(100_000));
            writes.add(ch.write(ch.alloc().directBuffer(n).writeBytes(data, off, n)));
            off += n;
            if (sizes.nextInt(4) == 0) {
                ch.flush();
            }
        }
        ch.flush();
        assertArrayEquals(data, device.readDevice(data.length, WAIT));
        for (ChannelFuture f : writes) {
            assertTrue(f.await(TIMEOUT_SECONDS, TimeUnit.SECONDS) && f.isSuccess(), "write " + f.cause());
        }
    }

    @Test
    void oneMebibyteFromTheDeviceArrivesIntact() throws Exception {
        VirtualSerialPort device = device();
        Collector c = new Collector();
        open(com(device), c);
        byte[] data = random(1 << 20, 43);
        CompletableFuture<Void> sent = deviceSends(device, data, 4096, 0);
        assertArrayEquals(data, c.await(data.length));
        sent.get(TIMEOUT_SECONDS, TimeUnit.SECONDS);
        assertEquals(data.length, c.size());
        assertTrue(c.reads > 1, "the data came in many reads");
    }

    @Test
    void heapWritesAndManySmallWritesAreGathered() throws Exception {
        VirtualSerialPort device = device();
        SerialChannel ch = open(com(device));
        StringBuilder expected = new StringBuilder();
        for (int i = 0; i < 500; i++) {
            String s = "line " + i + "\n";
            expected.append(s);
            ch.write(i % 2 == 0 ? ascii(s) : ch.alloc().directBuffer().writeBytes(s.getBytes(StandardCharsets.US_ASCII)));
        }
        ch.writeAndFlush(Unpooled.EMPTY_BUFFER).sync();
        byte[] want = expected.toString().getBytes(StandardCharsets.US_ASCII);
        assertArrayEquals(want, device.readDevice(want.length, WAIT));
    }

    @Test
    void backpressureFollowsTheWaterMarks() throws Exception {
        VirtualSerialPort device = device();
        AtomicInteger unwritable = new AtomicInteger();
        AtomicInteger writableAgain = new AtomicInteger();
        SerialChannel ch = open(com(device), opts(ChannelOption.WRITE_BUFFER_WATER_MARK,
                new WriteBufferWaterMark(8192, 32768)), new ChannelInboundHandlerAdapter() {
                    @Override
                    public void channelWritabilityChanged(ChannelHandlerContext ctx) {
                        (ctx.channel().isWritable() ? writableAgain : unwritable).incrementAndGet();
                        ctx.fireChannelWritabilityChanged();
                    }
                });
        byte[] data = random(256 * 1024, 1);
        for (int off = 0; off < data.length; off += 1024) {
            ch.writeAndFlush(ch.alloc().directBuffer(1024).writeBytes(data, off, 1024));
        }
        // The device reads nothing: the pty fills, Wine's WriteFile stays pending, the channel backs up.
        await(() -> !ch.isWritable(), "the channel unwritable");
        assertTrue(ch.unsafe().outboundBuffer().totalPendingWriteBytes() > 32768);
        await(() -> kernel.liveOperations() >= 2, "a write stuck in flight next to the read");
        assertArrayEquals(data, device.readDevice(data.length, WAIT));
        await(ch::isWritable, "the channel writable again");
        assertTrue(unwritable.get() >= 1);
        await(() -> writableAgain.get() >= 1, "a writability change to writable");
    }

    @Test
    void readOnRequestOnlyWhenAutoReadIsOff() throws Exception {
        VirtualSerialPort device = device();
        Collector c = new Collector();
        SerialChannel ch = open(com(device), opts(ChannelOption.AUTO_READ, false), c);
        device.deviceOutput().write("first".getBytes(StandardCharsets.US_ASCII));
        await(() -> bytesAvailable(ch) == 5, "the bytes waiting in Wine's queue");
        assertEquals(0, c.size());
        ch.read();
        assertEquals("first", new String(c.await(5), StandardCharsets.US_ASCII));
        assertEquals(1, c.reads);
    }

    private static int bytesAvailable(SerialChannel ch) {
        try {
            return ch.bytesAvailable().get(TIMEOUT_SECONDS, TimeUnit.SECONDS);
        } catch (Exception e) {
            throw new AssertionError(e);
        }
    }

    @Test
    void autoReadOffAndOnMidStreamLosesNothing() throws Exception {
        // Every switch-off cancels the read in flight (CancelIoEx). The device trickles bytes with gaps
        // shorter than the read's 1 ms interval timeout, so Wine's read keeps taking them into its buffer and
        // stays pending: a cancel then completes it with 995 carrying those bytes, which must be delivered.
        VirtualSerialPort device = device();
        Collector c = new Collector();
        SerialChannel ch = open(com(device), c);
        byte[] data = random(32 * 1024, 44);
        CompletableFuture<Void> sent = deviceSends(device, data, 64, 100_000);
        for (int i = 0; i < 300 && !sent.isDone(); i++) {
            ch.config().setAutoRead(false);
            Thread.sleep(1);
            ch.config().setAutoRead(true);
            Thread.sleep(1);
        }
        assertArrayEquals(data, c.await(data.length));
        sent.get(TIMEOUT_SECONDS, TimeUnit.SECONDS);
        ch.config().setAutoRead(false);
        // The switch-off runs on the loop (queued before this task); its cancelled read must be back before
        // the device sends more.
        ch.eventLoop().submit(() -> { }).sync();
        await(() -> kernel.liveOperations() == 0, "the read cancelled");
        device.deviceOutput().write("later".getBytes(StandardCharsets.US_ASCII));
        await(() -> bytesAvailable(ch) == 5, "bytes left in Wine's queue while auto-read is off");
        assertEquals(data.length, c.size());
        ch.config().setAutoRead(true);
        assertEquals("later", new String(c.await(data.length + 5), data.length, 5, StandardCharsets.US_ASCII));
    }

    @Test
    void closeWithAReadAndAWriteInFlight() throws Exception {
        VirtualSerialPort device = device();
        SerialChannel ch = open(com(device));
        List<ChannelFuture> writes = new ArrayList<>();
        byte[] data = random(512 * 1024, 45);
        ByteBuf last = null;
        for (int off = 0; off < data.length; off += 16 * 1024) {
            last = ch.alloc().directBuffer(16 * 1024).writeBytes(data, off, 16 * 1024);
            writes.add(ch.writeAndFlush(last.retain()));
            last.release();
        }
        ByteBuf tail = ch.alloc().directBuffer(64 * 1024).writeZero(64 * 1024);
        tail.retain(); // ours, to see that the channel lets go of it
        ChannelFuture tailWrite = ch.writeAndFlush(tail);
        // The device reads nothing: the pty is full, a write is stuck in Wine, the read waits.
        await(() -> kernel.liveOperations() >= 2 && !ch.isWritable(), "a read and a write in flight");
        long before = kernel.packetsDequeued();
        ch.close().sync();
        await(() -> kernel.openHandles() == 1, "the COM handle closed (the loop's port stays)");
        assertTrue(kernel.packetsDequeued() - before >= 2, "the cancelled read and write were dequeued first");
        assertEquals(0, kernel.liveOperations(), kernel.describe());
        assertTrue(tailWrite.await(TIMEOUT_SECONDS, TimeUnit.SECONDS));
        assertFalse(tailWrite.isSuccess());
        assertEquals(1, tail.refCnt(), "the channel released its reference after the cancelled write");
        tail.release();
        kernel.assertClean();
        // Every write reported done is on the device, in order.
        int done = 0;
        for (ChannelFuture f : writes) {
            assertTrue(f.await(TIMEOUT_SECONDS, TimeUnit.SECONDS));
            if (!f.isSuccess()) {
                break;
            }
            done++;
        }
        for (int i = done; i < writes.size(); i++) {
            assertFalse(writes.get(i).isSuccess(), "write " + i + " succeeded after an earlier one failed");
        }
        int n = done * 16 * 1024;
        byte[] got = device.readDevice(n, WAIT);
        assertArrayEquals(java.util.Arrays.copyOf(data, n), got);
        assertTrue(done < writes.size(), "some writes were still queued at close");
    }

    @Test
    void hangUpOfTheDeviceFailsTheChannel() throws Exception {
        VirtualSerialPort device = device();
        Collector c = new Collector();
        SerialChannel ch = open(com(device), c);
        ChannelFuture big = ch.writeAndFlush(ch.alloc().directBuffer(256 * 1024).writeZero(256 * 1024));
        ChannelFuture queued = ch.writeAndFlush(ascii("after"));
        await(() -> kernel.liveOperations() >= 2 && !big.isDone(), "the read and a stuck write in flight");
        device.hangUp();
        // Wine ends the pending I/O with ERROR_BROKEN_PIPE (109) when the pty's other end closes.
        Throwable t = c.awaitError(Duration.ofSeconds(TIMEOUT_SECONDS));
        SerialDisconnectedException e = assertInstanceOf(SerialDisconnectedException.class, t);
        assertEquals(com(device), e.path());
        c.awaitInactive();
        assertFalse(ch.isOpen());
        assertTrue(big.await(TIMEOUT_SECONDS, TimeUnit.SECONDS));
        assertNotNull(big.cause(), "the write in flight failed");
        assertTrue(queued.await(TIMEOUT_SECONDS, TimeUnit.SECONDS));
        assertNotNull(queued.cause(), "the queued write failed");
        await(() -> kernel.openHandles() == 1, "the COM handle closed");
        assertTrue(c.errors().isEmpty(), "one exception, not one per failing operation: " + c.errors());
    }

    @Test
    void fiftyChannelsShareOneLoopThread() throws Exception {
        int count = 50;
        List<VirtualSerialPort> devices = new ArrayList<>();
        List<SerialChannel> chans = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            VirtualSerialPort d = device();
            devices.add(d);
            chans.add(open(com(d), new SimulatedPorts.Echo()));
        }
        assertEquals(1, chans.stream().map(SerialChannel::eventLoop).distinct().count());
        for (int i = 0; i < count; i++) {
            devices.get(i).deviceOutput().write(("port " + i).getBytes(StandardCharsets.US_ASCII));
        }
        for (int i = 0; i < count; i++) {
            byte[] want = ("port " + i).getBytes(StandardCharsets.US_ASCII);
            assertArrayEquals(want, devices.get(i).readDevice(want.length, WAIT), "echo through channel " + i);
        }
    }

    @Test
    void aTaskFromAnotherThreadWakesTheBlockedLoop() throws Exception {
        VirtualSerialPort device = device();
        SerialChannel ch = open(com(device));
        // Nothing due for a minute: the loop sits in Wine's GetQueuedCompletionStatusEx; only the wake-up
        // packet another thread posts (PostQueuedCompletionStatus) gets these tasks run in time.
        ch.eventLoop().schedule(() -> { }, 60, TimeUnit.SECONDS);
        ch.eventLoop().submit(() -> { }).sync();
        for (int i = 0; i < 20; i++) {
            Thread.sleep(20); // let the loop block again
            CompletableFuture<String> ran = new CompletableFuture<>();
            Thread other = new Thread(() -> ch.eventLoop().execute(() -> ran.complete(Thread.currentThread().getName())));
            other.start();
            assertNotNull(ran.get(TIMEOUT_SECONDS, TimeUnit.SECONDS));
        }
        ch.writeAndFlush(ascii("still fine")).sync();
        assertArrayEquals("still fine".getBytes(StandardCharsets.US_ASCII), device.readDevice(10, WAIT));
    }

    @Test
    void aRuntimeBaudChangeReachesTheLinuxSide() throws Exception {
        VirtualSerialPort device = device();
        SerialChannel ch = open(com(device), opts(SerialChannelOption.BAUD_RATE, 9600));
        assertEquals(9600, device.lineSettings().baudRate());
        ch.config().setOption(SerialChannelOption.BAUD_RATE, 115_200);
        // (Parity and data bits cannot be shown this way: a Linux pty forces CS8 and no parity.)
        assertEquals(115_200, device.lineSettings().baudRate(), "termios of the pty, as Wine set it");
        assertEquals(115_200, ch.config().getOption(SerialChannelOption.BAUD_RATE));
        ch.config().setOption(SerialChannelOption.BAUD_RATE, 57_600);
        assertEquals(57_600, device.lineSettings().baudRate());
        ch.writeAndFlush(ascii("z")).sync();
        assertArrayEquals(new byte[] {'z'}, device.readDevice(1, WAIT));
    }

    @Test
    void queueCountsAndDiscardRunOnTheLoop() throws Exception {
        VirtualSerialPort device = device();
        SerialChannel ch = open(com(device), opts(ChannelOption.AUTO_READ, false));
        device.deviceOutput().write("12345".getBytes(StandardCharsets.US_ASCII));
        await(() -> bytesAvailable(ch) == 5, "five bytes in Wine's queue (ClearCommError)");
        ch.discardInput().sync(); // PurgeComm(PURGE_RXCLEAR)
        assertEquals(0, bytesAvailable(ch));
        assertEquals(0, ch.bytesQueued().get(TIMEOUT_SECONDS, TimeUnit.SECONDS));
        ch.drain().sync();
    }

    @Test
    void aClosedPortOpensAgain() throws Exception {
        VirtualSerialPort device = device();
        String name = com(device);
        open(name).close().sync();
        Collector c = new Collector();
        open(name, c);
        device.deviceOutput().write("again".getBytes(StandardCharsets.US_ASCII));
        assertEquals("again", new String(c.await(5), StandardCharsets.US_ASCII));
    }
}
