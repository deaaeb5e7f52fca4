package io.github.nettyserial.windows;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.github.nettyserial.SerialChannel;
import io.github.nettyserial.internal.BusyPollingIoHandler;
import io.github.nettyserial.testkit.RecordingHandler;
import io.github.nettyserial.testkit.VirtualSerialPort;
import io.netty.buffer.ByteBufAllocator;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.MultiThreadIoEventLoopGroup;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Timeout;

/**
 * Base of the tests that run SerialChannel on an {@link IocpIoHandler} loop over Wine's real kernel32
 * ({@link WineWin32}). COM ports are pseudo-terminals linked into the run's Wine prefix; the test plays the
 * device on the pty's other end. After each test everything must be back: no operation in flight, no handle
 * open, no shared memory and no direct buffer left, and no misuse seen.
 */
@Timeout(120)
abstract class WinePorts extends IocpChannels {
    /** COM numbers handed out to tests; each test gets fresh ones. */
    private static final AtomicInteger NEXT_COM = new AtomicInteger(20);

    WineHost host;
    WineWin32 kernel;
    SharedBufferAllocator alloc;
    private final List<VirtualSerialPort> devices = new ArrayList<>();
    private final List<Integer> links = new ArrayList<>();

    @BeforeEach
    void startLoop() {
        host = WineHost.get();
        kernel = host.newWin32();
        alloc = new SharedBufferAllocator(kernel, host.region());
        group = new MultiThreadIoEventLoopGroup(1, BusyPollingIoHandler.wrap(IocpIoHandler.newFactory(kernel), busyPollNanos()));
    }

    @AfterEach
    void everythingReturned() throws Exception {
        try {
            closeChannelsAndLoop();
            if (kernel != null) {
                kernel.assertClean();
                assertEquals(0, kernel.liveOperations(), "operations whose packet was never dequeued: "
                        + kernel.describe());
                assertEquals(0, kernel.openHandles(), "handles left open");
                assertEquals(0, kernel.allocatedBytes(), "native memory not freed");
                assertEquals(0, alloc.live(), "direct buffers not released");
            }
        } finally {
            for (VirtualSerialPort d : devices) {
                d.close();
            }
            for (int n : links) {
                host.unlinkComPort(n);
            }
            if (kernel != null) {
                kernel.close();
            }
        }
    }

    /** A new pty whose slave Wine sees as a COM port of its own; {@link #com} names it. */
    VirtualSerialPort device() throws IOException {
        return device(NEXT_COM.getAndIncrement());
    }

    /** A new pty linked as {@code COMn}. */
    VirtualSerialPort device(int n) throws IOException {
        VirtualSerialPort d = VirtualSerialPort.open();
        devices.add(d);
        host.linkComPort(n, d.path());
        links.add(n);
        return d;
    }

    /** The Windows name of a device made by {@link #device()}: {@code COMn}. */
    String com(VirtualSerialPort d) {
        return "COM" + links.get(devices.indexOf(d));
    }

    @Override
    ByteBufAllocator allocator() {
        return alloc;
    }

    @Override
    String describeKernel() {
        return kernel == null ? "no kernel" : kernel.describe();
    }

    /** The testkit's recording handler, counting reads, with waits bounded by the suite's timeout. */
    final class Collector extends RecordingHandler {
        volatile int reads;

        @Override
        public void channelRead(ChannelHandlerContext ctx, Object msg) {
            reads++;
            super.channelRead(ctx, msg);
        }

        byte[] await(int n) throws InterruptedException {
            WinePorts.this.await(() -> size() >= n, n + " bytes (have " + size() + ")");
            return bytes();
        }

        void awaitInactive() throws InterruptedException {
            WinePorts.this.await(this::isInactive, "channelInactive");
        }
    }
}
