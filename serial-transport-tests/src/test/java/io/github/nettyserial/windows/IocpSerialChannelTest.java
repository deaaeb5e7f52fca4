package io.github.nettyserial.windows;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.nettyserial.ModemLines;
import io.github.nettyserial.ModemLinesChangedEvent;
import io.github.nettyserial.Parity;
import io.github.nettyserial.SerialChannel;
import io.github.nettyserial.SerialChannelOption;
import io.github.nettyserial.SerialDisconnectedException;
import io.github.nettyserial.SerialLineErrorEvent;
import io.github.nettyserial.SerialPortBusyException;
import io.github.nettyserial.SerialPortNotFoundException;
import io.github.nettyserial.StopBits;
import io.github.nettyserial.UnsupportedSerialConfigurationException;
import io.github.nettyserial.windows.sim.SimDevice;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.PooledByteBufAllocator;
import io.netty.buffer.Unpooled;
import io.netty.channel.ChannelException;
import io.netty.channel.ChannelFuture;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.channel.ChannelOption;
import io.netty.channel.WriteBufferWaterMark;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

/** The whole SerialChannel on an IOCP loop over the simulated Win32 kernel. */
class IocpSerialChannelTest extends SimulatedPorts {

    private static ByteBuf ascii(String s) {
        return Unpooled.copiedBuffer(s, StandardCharsets.US_ASCII);
    }

    @Test
    void echoBetweenAConnectedPair() throws Exception {
        Collector a = new Collector();
        SerialChannel chA = open("COM10", a);
        open("COM11", new Echo());
        chA.writeAndFlush(ascii("hello, COM11")).sync();
        assertEquals("hello, COM11", new String(a.await(12), StandardCharsets.US_ASCII));
        assertTrue(chA.isActive());
        assertEquals("COM10", chA.remoteAddress().path());
    }

    @Test
    void emptyBuffersAreWrittenAsNothing() throws Exception {
        Collector b = new Collector();
        SerialChannel chA = open("COM10");
        open("COM11", b);
        assertTrue(chA.writeAndFlush(Unpooled.EMPTY_BUFFER).await(TIMEOUT_SECONDS, TimeUnit.SECONDS));
        chA.write(Unpooled.directBuffer(0));
        chA.write(ascii("a"));
        chA.write(Unpooled.EMPTY_BUFFER);
        assertTrue(chA.writeAndFlush(ascii("b")).sync().isSuccess());
        assertEquals("ab", new String(b.await(2), StandardCharsets.US_ASCII));
    }

    @Test
    void oneMebibyteArrivesIntactInPooledDirectBuffers() throws Exception {
        byte[] data = new byte[1 << 20];
        new Random(42).nextBytes(data);
        Collector b = new Collector();
        Object[] pooled = opts(ChannelOption.ALLOCATOR, PooledByteBufAllocator.DEFAULT);
        SerialChannel chA = open("COM10", pooled);
        open("COM11", pooled, b);
        Random sizes = new Random(7);
        List<ChannelFuture> writes = new ArrayList<>();
        for (int off = 0; off < data.length;) {
            int n = Math.min(data.length - off, 1 + sizes.nextInt(100_000));
            ByteBuf buf = chA.alloc().directBuffer(n).writeBytes(data, off, n);
            writes.add(chA.write(buf));
            off += n;
            if (sizes.nextInt(4) == 0) {
                chA.flush();
            }
        }
        chA.flush();
        for (ChannelFuture f : writes) {
            assertTrue(f.await(TIMEOUT_SECONDS, TimeUnit.SECONDS) && f.isSuccess(), "write " + f.cause());
        }
        assertArrayEquals(data, b.await(data.length));
        assertEquals(data.length, b.size());
        assertTrue(b.pooledDirect, "reads arrive in pooled direct ByteBufs");
        assertTrue(b.reads > 1, "the data came in many reads");
    }

    @Test
    void heapWritesAndManySmallWritesAreGathered() throws Exception {
        Collector b = new Collector();
        SerialChannel chA = open("COM10");
        open("COM11", b);
        StringBuilder expected = new StringBuilder();
        for (int i = 0; i < 500; i++) {
            String s = "line " + i + "\n";
            expected.append(s);
            chA.write(i % 2 == 0 ? ascii(s) : chA.alloc().directBuffer().writeBytes(s.getBytes(StandardCharsets.US_ASCII)));
        }
        ChannelFuture last = chA.writeAndFlush(Unpooled.EMPTY_BUFFER);
        assertEquals(expected.toString(), new String(b.await(expected.length()), StandardCharsets.US_ASCII),
                kernel.describe());
        assertTrue(last.await(TIMEOUT_SECONDS, TimeUnit.SECONDS), kernel.describe());
    }

    @Test
    void backpressureFollowsTheWaterMarks() throws Exception {
        Collector b = new Collector();
        AtomicInteger unwritable = new AtomicInteger();
        AtomicInteger writableAgain = new AtomicInteger();
        SerialChannel chA = open("COM10", opts(ChannelOption.WRITE_BUFFER_WATER_MARK, new WriteBufferWaterMark(8192, 32768)),
                new ChannelInboundHandlerAdapter() {
                    @Override
                    public void channelWritabilityChanged(ChannelHandlerContext ctx) {
                        (ctx.channel().isWritable() ? writableAgain : unwritable).incrementAndGet();
                        ctx.fireChannelWritabilityChanged();
                    }
                });
        SerialChannel chB = open("COM11", opts(ChannelOption.AUTO_READ, false), b);
        byte[] data = new byte[256 * 1024];
        new Random(1).nextBytes(data);
        for (int off = 0; off < data.length; off += 1024) {
            chA.writeAndFlush(chA.alloc().directBuffer(1024).writeBytes(data, off, 1024));
        }
        // The peer reads nothing: its driver queue fills, the write stays in flight, the channel backs up.
        SimDevice com11 = kernel.device("COM11");
        await(() -> com11.rxQueued() == 4096, "COM11's receive queue full");
        await(() -> !chA.isWritable(), "COM10 unwritable");
        assertEquals(0, b.size());
        assertTrue(chA.unsafe().outboundBuffer().totalPendingWriteBytes() > 32768);
        chB.config().setAutoRead(true);
        assertArrayEquals(data, b.await(data.length));
        await(chA::isWritable, "COM10 writable again");
        await(() -> writableAgain.get() >= 1, "a writability change to writable");
        assertTrue(unwritable.get() >= 1);
    }

    @Test
    void readOnRequestOnlyWhenAutoReadIsOff() throws Exception {
        Collector b = new Collector();
        SerialChannel chA = open("COM10");
        SerialChannel chB = open("COM11", opts(ChannelOption.AUTO_READ, false), b);
        chA.writeAndFlush(ascii("first")).sync();
        await(() -> kernel.device("COM11").rxQueued() == 5, "bytes waiting in the driver");
        assertEquals(0, b.size());
        chB.read();
        assertEquals("first", new String(b.await(5), StandardCharsets.US_ASCII));
        assertEquals(1, b.reads);
    }

    @Test
    void aCancelledReadDeliversTheBytesItHolds() throws Exception {
        Collector a = new Collector();
        SerialChannel chA = open("COM10", a);
        SerialChannel chB = open("COM11");
        SimDevice com10 = kernel.device("COM10");
        com10.holdIntervalTimer(true); // the read takes the bytes but its interval timer never fires
        chB.writeAndFlush(ascii("abc")).sync();
        await(() -> com10.rxQueued() == 0, "the pending read took the bytes");
        assertEquals(0, a.size());
        chA.config().setAutoRead(false); // CancelIoEx on the read: STATUS_CANCELLED with 3 bytes
        assertEquals("abc", new String(a.await(3), StandardCharsets.US_ASCII));
        com10.holdIntervalTimer(false);
        assertTrue(chA.isActive());
    }

    @Test
    void runtimeReconfigureAppliesAtOnceOrNotAtAll() throws Exception {
        SerialChannel chA = open("COM10", opts(SerialChannelOption.BAUD_RATE, 9600));
        SimDevice com10 = kernel.device("COM10");
        assertEquals(9600, com10.baudRate());
        chA.config().setOption(SerialChannelOption.BAUD_RATE, 115_200);
        chA.config().setOption(SerialChannelOption.PARITY, Parity.EVEN);
        assertEquals(115_200, com10.baudRate());
        assertEquals(2, com10.parity());
        assertEquals(Dcb.F_PARITY, com10.dcbFlags() & Dcb.F_PARITY);

        // 1.5 stop bits with 8 data bits: SetCommState says 87; the old settings stay, in the driver too.
        ChannelException e = assertThrows(ChannelException.class,
                () -> chA.config().setOption(SerialChannelOption.STOP_BITS, StopBits.ONE_POINT_FIVE));
        UnsupportedSerialConfigurationException cause = assertInstanceOf(UnsupportedSerialConfigurationException.class,
                e.getCause());
        assertEquals(87, cause.nativeErrorCode());
        assertTrue(cause.getMessage().contains("1.5 stop bits"), cause.getMessage());
        assertEquals(StopBits.ONE, chA.config().getOption(SerialChannelOption.STOP_BITS));
        assertEquals(0, com10.stopBits());
        assertEquals(115_200, com10.baudRate());

        com10.maxBaud(115_200);
        assertThrows(ChannelException.class, () -> chA.config().setOption(SerialChannelOption.BAUD_RATE, 921_600));
        assertEquals(115_200, com10.baudRate());

        // DTR and RTS at runtime reach the other end's DSR/DCD and CTS.
        SerialChannel chB = open("COM11");
        chA.config().setOption(SerialChannelOption.DTR, false);
        ModemLines lines = chB.modemLines().get(TIMEOUT_SECONDS, TimeUnit.SECONDS);
        assertFalse(lines.dsr());
        assertFalse(lines.dcd());
        assertTrue(lines.cts());
        assertFalse(com10.dtr());
        assertFalse(chA.modemLines().get(TIMEOUT_SECONDS, TimeUnit.SECONDS).dtr());
    }

    @Test
    void modemLineChangesAndLineErrorsBecomeEvents() throws Exception {
        Collector a = new Collector();
        SerialChannel chB = open("COM11");
        SerialChannel chA = open("COM10", opts(SerialChannelOption.MODEM_EVENTS, true), a);
        chB.config().setOption(SerialChannelOption.RTS, false);
        // The line state and the count from WaitCommEvent(EV_CTS) may arrive in one event or in two.
        ModemLinesChangedEvent cts = nextEvent(a, ModemLinesChangedEvent.class);
        assertFalse(cts.current().cts());
        int ctsChanges = cts.ctsChanges();
        while (ctsChanges == 0) {
            ctsChanges += nextEvent(a, ModemLinesChangedEvent.class).ctsChanges();
        }
        assertEquals(1, ctsChanges, "counted from WaitCommEvent(EV_CTS)");

        kernel.device("COM10").ring(true);
        ModemLinesChangedEvent ring = nextEvent(a, ModemLinesChangedEvent.class);
        assertTrue(ring.current().ri());
        int riChanges = ring.riChanges();
        while (riChanges == 0) {
            riChanges += nextEvent(a, ModemLinesChangedEvent.class).riChanges();
        }
        assertEquals(1, riChanges);

        kernel.device("COM10").lineError(io.github.nettyserial.windows.Win32.CE_FRAME);
        SerialLineErrorEvent error = nextEvent(a, SerialLineErrorEvent.class);
        assertEquals(1, error.framingErrors());

        chB.sendBreak(Duration.ofMillis(5)).sync();
        SerialLineErrorEvent brk = nextEvent(a, SerialLineErrorEvent.class);
        assertEquals(1, brk.breaks());
        assertTrue(chA.isActive());
    }

    private static <T> T nextEvent(Collector c, Class<T> type) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(TIMEOUT_SECONDS);
        for (;;) {
            Object e = c.events().poll(Math.max(1, deadline - System.nanoTime()), TimeUnit.NANOSECONDS);
            if (e == null) {
                throw new AssertionError("no " + type.getSimpleName() + " event");
            }
            if (type.isInstance(e)) {
                return type.cast(e);
            }
        }
    }

    @Test
    void unplugMidReadFailsTheChannelWithTheWin32Code() throws Exception {
        Collector a = new Collector();
        SerialChannel chA = open("COM10", a);
        await(() -> kernel.liveOperations() >= 2, "read and wait in flight");
        kernel.device("COM10").unplug(Win32.ERROR_DEVICE_REMOVED, Win32.ERROR_BAD_COMMAND);
        Throwable t = a.errors().poll(TIMEOUT_SECONDS, TimeUnit.SECONDS);
        SerialDisconnectedException e = assertInstanceOf(SerialDisconnectedException.class, t);
        assertEquals(Win32.ERROR_DEVICE_REMOVED, e.nativeErrorCode());
        assertEquals("COM10", e.path());
        a.awaitInactive();
        assertFalse(chA.isOpen());
        await(() -> !kernel.device("COM10").isOpen(), "the handle closed");
        assertTrue(a.errors().isEmpty(), "one exception, not one per failing operation: " + a.errors());
    }

    @Test
    void unplugMidWriteFailsPendingWrites() throws Exception {
        Collector a = new Collector();
        SerialChannel chA = open("COM10", a);
        open("COM11", opts(ChannelOption.AUTO_READ, false));
        ChannelFuture big = chA.writeAndFlush(chA.alloc().directBuffer(64 * 1024).writeZero(64 * 1024));
        ChannelFuture queued = chA.writeAndFlush(ascii("after"));
        await(() -> kernel.device("COM11").rxQueued() == 4096, "the write is stuck in flight");
        assertFalse(big.isDone());
        kernel.device("COM10").unplug(Win32.ERROR_GEN_FAILURE, Win32.ERROR_GEN_FAILURE);
        assertFalse(big.await(TIMEOUT_SECONDS, TimeUnit.SECONDS) && big.isSuccess());
        SerialDisconnectedException e = assertInstanceOf(SerialDisconnectedException.class, big.cause());
        assertEquals(Win32.ERROR_GEN_FAILURE, e.nativeErrorCode());
        assertTrue(queued.await(TIMEOUT_SECONDS, TimeUnit.SECONDS));
        assertNotNull(queued.cause());
        assertInstanceOf(SerialDisconnectedException.class, a.errors().poll(TIMEOUT_SECONDS, TimeUnit.SECONDS));
        a.awaitInactive();
        assertFalse(chA.isActive());
    }

    @Test
    void closeWithReadWriteAndWaitInFlightDrainsBeforeFreeing() throws Exception {
        SerialChannel chA = open("COM10");
        open("COM11", opts(ChannelOption.AUTO_READ, false));
        ByteBuf payload = chA.alloc().directBuffer(64 * 1024).writeZero(64 * 1024);
        payload.retain(); // ours, to see that the channel let go of it
        ChannelFuture write = chA.writeAndFlush(payload);
        await(() -> kernel.device("COM11").rxQueued() == 4096, "the write is stuck in flight");
        // COM10 has its read, its write and its WaitCommEvent in flight; COM11 its wait.
        assertEquals(4, kernel.liveOperations());
        long[] before = kernel.packetCounts();
        chA.close().sync();
        await(() -> !kernel.device("COM10").isOpen(), "COM10's handle closed");
        // Three cancelled packets dequeued before CloseHandle (the kernel records a violation otherwise).
        assertEquals(1, kernel.liveOperations());
        assertTrue(kernel.packetCounts()[1] - before[1] >= 3);
        assertTrue(write.await(TIMEOUT_SECONDS, TimeUnit.SECONDS));
        assertFalse(write.isSuccess());
        assertEquals(1, payload.refCnt(), "the channel released its reference after the cancelled write");
        payload.release();
        kernel.assertClean();
        ChannelFuture again = chA.close();
        assertTrue(again.await(TIMEOUT_SECONDS, TimeUnit.SECONDS) && again.isSuccess(), "close is idempotent");
    }

    @Test
    void comNamesGetTheDevicePrefixAndOpenErrorsAreTyped() throws Exception {
        assertEquals("\\\\.\\COM10", WindowsSerialPort.win32Name("COM10"));
        assertEquals("\\\\.\\com3", WindowsSerialPort.win32Name("com3"));
        assertEquals("\\\\.\\COM12", WindowsSerialPort.win32Name("\\\\.\\COM12"));

        ChannelFuture missing = connect("COM99", opts());
        SerialPortNotFoundException notFound = assertInstanceOf(SerialPortNotFoundException.class, missing.cause());
        assertEquals(2, notFound.nativeErrorCode());

        open("COM10");
        ChannelFuture second = connect("COM10", opts());
        SerialPortBusyException busy = assertInstanceOf(SerialPortBusyException.class, second.cause());
        assertEquals(5, busy.nativeErrorCode());
        assertTrue(second.channel().closeFuture().await(TIMEOUT_SECONDS, TimeUnit.SECONDS), "closed after a refused open");
    }

    @Test
    void lowLatencyRs485AndSharingAreRefusedBeforeAHandleIsOpened() throws Exception {
        // Opening alone can toggle DTR on real drivers: under RAISE no CreateFileW may happen.
        ChannelFuture raise = connect("COM10", opts(SerialChannelOption.LOW_LATENCY, true));
        assertInstanceOf(io.github.nettyserial.UnsupportedSerialFeatureException.class, raise.cause());
        assertTrue(raise.cause().getMessage().contains("Latency Timer"), raise.cause().getMessage());
        assertTrue(raise.cause().getMessage().contains("COM10"), raise.cause().getMessage());

        ChannelFuture rs485 = connect("COM10", opts(SerialChannelOption.RS485,
                io.github.nettyserial.Rs485Config.builder().build()));
        assertInstanceOf(io.github.nettyserial.UnsupportedSerialFeatureException.class, rs485.cause());
        assertTrue(rs485.cause().getMessage().contains("transmit-enable"), rs485.cause().getMessage());

        ChannelFuture shared = connect("COM10", opts(SerialChannelOption.EXCLUSIVE, false));
        assertInstanceOf(io.github.nettyserial.UnsupportedSerialFeatureException.class, shared.cause());
        assertEquals(0, kernel.createFileCalls(), "no handle was opened for a refused configuration");
        assertEquals(0, kernel.openHandles() - 1, "only the loop's completion port");

        SerialChannel warned = open("COM10", opts(SerialChannelOption.LOW_LATENCY, true,
                SerialChannelOption.UNSUPPORTED_POLICY, io.github.nettyserial.UnsupportedPolicy.WARN));
        assertTrue(warned.isActive());
        assertFalse(warned.config().isLowLatency(), "the getter reports what the port does, not the wish");
    }

    @Test
    void aRoundedRateIsRefusedUnderRaiseAndReadsBackAsTheDriverSetItUnderWarn() throws Exception {
        SerialChannel ch = open("COM10");
        kernel.device("COM10").roundBaudTo(100_000);
        ChannelException refused = assertThrows(ChannelException.class, () -> ch.config().setBaudRate(250_000));
        assertInstanceOf(io.github.nettyserial.UnsupportedSerialConfigurationException.class, refused.getCause());
        assertEquals(9600, ch.config().getBaudRate(), "the old rate stays");
        ch.config().setUnsupportedPolicy(io.github.nettyserial.UnsupportedPolicy.WARN);
        ch.config().setBaudRate(250_000);
        assertEquals(300_000, ch.config().getBaudRate(), "the rate the driver set, not the wish");
        ch.config().setParity(io.github.nettyserial.Parity.EVEN);
        assertEquals(io.github.nettyserial.Parity.EVEN, ch.config().getParity());
        assertEquals(300_000, ch.config().getBaudRate());
    }

    @Test
    void portOperationsRunOnTheLoop() throws Exception {
        SerialChannel chA = open("COM10");
        SerialChannel chB = open("COM11", opts(ChannelOption.AUTO_READ, false));
        chA.writeAndFlush(ascii("12345")).sync();
        await(() -> kernel.device("COM11").rxQueued() == 5, "bytes in COM11's queue");
        assertEquals(5, chB.bytesAvailable().get(TIMEOUT_SECONDS, TimeUnit.SECONDS));
        chB.discardInput().sync();
        assertEquals(0, chB.bytesAvailable().get(TIMEOUT_SECONDS, TimeUnit.SECONDS));
        assertEquals(0, chA.bytesQueued().get(TIMEOUT_SECONDS, TimeUnit.SECONDS));
        chA.drain().sync();
        chA.discardOutput().sync();
    }

    @Test
    void closeWakesTheWaitWithSetCommMaskOnADriverWhoseWaitIgnoresCancel() throws Exception {
        SimDevice com10 = kernel.device("COM10");
        com10.waitIgnoresCancel(true);
        SerialChannel ch = open("COM10");
        await(() -> kernel.liveOperations() == 2, "the read and the wait in flight");
        ch.close().sync();
        await(() -> !com10.isOpen(), "COM10 closed");
        // Closed because its packets came, not because the grace period ran out: nothing kept.
        assertEquals(0, kernel.liveOperations(), kernel.describe());
        assertEquals(0, kernel.allocatedBytes() - loopBytes(), "the channel's memory was freed");
        open("COM10").close().sync();
    }

    private long loopBytes() throws Exception {
        // The loop's own OVERLAPPED_ENTRY block stays until the loop ends.
        return group.next().submit(kernel::allocatedBytes).get(TIMEOUT_SECONDS, TimeUnit.SECONDS);
    }

    @Test
    void readRequestsWhileAReadIsInFlightIssueNoSecondRead() throws Exception {
        Collector a = new Collector();
        SerialChannel ch = open("COM10", a);
        await(() -> kernel.liveOperations() == 2, "the read and the wait in flight");
        long reads = kernel.readFileCalls();
        for (int i = 0; i < 3; i++) {
            ch.read();
        }
        ch.eventLoop().submit(() -> { }).sync();
        assertEquals(reads, kernel.readFileCalls(), "one read in flight at a time");
        kernel.assertClean();
        kernel.device("COM10").receive((byte) 1);
        a.await(1);
    }

    @Test
    void theDcbStartsFromWhatTheDriverReports() throws Exception {
        SimDevice com10 = kernel.device("COM10");
        // XonLim/XoffLim and the special characters are the driver's; the settings do not decide them.
        com10.dcbByte(Dcb.XON_LIM, 0x34);
        com10.dcbByte(Dcb.XOFF_LIM, 0x56);
        com10.dcbByte(Dcb.ERROR_CHAR, 0x3F);
        com10.dcbByte(Dcb.EOF_CHAR, 0x1A);
        com10.dcbByte(Dcb.EVT_CHAR, 0x0D);
        com10.dcbByte(Dcb.XON_CHAR, 0x21);
        com10.dcbByte(Dcb.XOFF_CHAR, 0x23);
        SerialChannel ch = open("COM10", opts(SerialChannelOption.BAUD_RATE, 57_600));
        ch.config().setOption(SerialChannelOption.PARITY, Parity.ODD);
        byte[] dcb = com10.dcb();
        assertEquals(57_600, com10.baudRate());
        assertEquals(1, com10.parity());
        assertEquals(0x34, dcb[Dcb.XON_LIM]);
        assertEquals(0x56, dcb[Dcb.XOFF_LIM]);
        assertEquals(0x3F, dcb[Dcb.ERROR_CHAR]);
        assertEquals(0x1A, dcb[Dcb.EOF_CHAR]);
        assertEquals(0x0D, dcb[Dcb.EVT_CHAR]);
        assertEquals(0x21, dcb[Dcb.XON_CHAR]);
        assertEquals(0x23, dcb[Dcb.XOFF_CHAR]);
    }
}
