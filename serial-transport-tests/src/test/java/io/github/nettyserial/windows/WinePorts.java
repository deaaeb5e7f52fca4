package io.github.nettyserial.windows;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.github.nettyserial.SerialChannel;
import io.github.nettyserial.SerialDeviceAddress;
import io.github.nettyserial.testkit.RecordingHandler;
import io.github.nettyserial.testkit.VirtualSerialPort;
import io.netty.bootstrap.Bootstrap;
import io.netty.channel.Channel;
import io.netty.channel.ChannelFuture;
import io.netty.channel.ChannelHandler;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.ChannelOption;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.MultiThreadIoEventLoopGroup;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.BooleanSupplier;
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
abstract class WinePorts {
    static final long TIMEOUT_SECONDS = 30;
    /** COM numbers handed out to tests; each test gets fresh ones. */
    private static final AtomicInteger NEXT_COM = new AtomicInteger(20);

    WineHost host;
    WineWin32 kernel;
    SharedBufferAllocator alloc;
    EventLoopGroup group;
    final List<Channel> channels = new ArrayList<>();
    private final List<VirtualSerialPort> devices = new ArrayList<>();
    private final List<Integer> links = new ArrayList<>();

    @BeforeEach
    void startLoop() {
        host = WineHost.get();
        kernel = host.newWin32();
        alloc = new SharedBufferAllocator(kernel, host.region());
        group = new MultiThreadIoEventLoopGroup(1, IocpIoHandler.newFactory(kernel));
    }

    @AfterEach
    void everythingReturned() throws Exception {
        try {
            for (Channel ch : channels) {
                ch.close().await(TIMEOUT_SECONDS, TimeUnit.SECONDS);
            }
            if (group != null) {
                group.shutdownGracefully(0, 5, TimeUnit.SECONDS).await(TIMEOUT_SECONDS, TimeUnit.SECONDS);
            }
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

    /** Opens {@code port} with the shared-memory allocator and the given options; handlers go into the pipeline. */
    SerialChannel open(String port, Object[] options, ChannelHandler... handlers) throws InterruptedException {
        ChannelFuture f = connect(port, options, handlers);
        f.sync();
        return (SerialChannel) f.channel();
    }

    SerialChannel open(String port, ChannelHandler... handlers) throws InterruptedException {
        return open(port, new Object[0], handlers);
    }

    @SuppressWarnings({"unchecked", "rawtypes"})
    ChannelFuture connect(String port, Object[] options, ChannelHandler... handlers) throws InterruptedException {
        Bootstrap b = new Bootstrap().group(group).channel(SerialChannel.class)
                .option(ChannelOption.ALLOCATOR, alloc)
                .handler(new ChannelInitializer<SerialChannel>() {
                    @Override
                    protected void initChannel(SerialChannel ch) {
                        ch.pipeline().addLast(handlers);
                    }
                });
        for (int i = 0; i < options.length; i += 2) {
            b.option((ChannelOption) options[i], options[i + 1]);
        }
        ChannelFuture f = b.connect(new SerialDeviceAddress(port));
        f.await(TIMEOUT_SECONDS, TimeUnit.SECONDS);
        channels.add(f.channel());
        return f;
    }

    static Object[] opts(Object... pairs) {
        return pairs;
    }

    void await(BooleanSupplier condition, String what) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(TIMEOUT_SECONDS);
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("timed out waiting for " + what + "; " + kernel.describe());
            }
            Thread.sleep(2);
        }
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
