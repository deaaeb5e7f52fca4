package io.github.nettyserial.examples.cli;

import io.github.nettyserial.SerialChannel;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufUtil;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.SimpleChannelInboundHandler;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code serial monitor PORT}: prints what arrives, as text or hex. */
@Command(name = "monitor", description = "Print what arrives on a port, as text or hex, until Ctrl-C.")
final class MonitorCommand implements Callable<Integer> {

    @Spec
    CommandSpec spec;

    @Parameters(index = "0", paramLabel = "PORT", description = "The port, e.g. /dev/ttyUSB0 or COM3.")
    String port;

    @Mixin
    PortOptions line;

    @Option(names = "--hex", description = "Print bytes as hex, one line per read.")
    boolean hex;

    @Option(names = "--bytes", paramLabel = "N", description = "Stop after N bytes.")
    long maxBytes;

    @Option(names = "--duration", paramLabel = "SECONDS", description = "Stop after this many seconds.")
    double duration;

    @Override
    public Integer call() throws Exception {
        PrintWriter out = spec.commandLine().getOut();
        CountDownLatch done = new CountDownLatch(1);
        AtomicLong count = new AtomicLong();
        AtomicReference<Throwable> failure = new AtomicReference<>();
        EventLoopGroup group = Ports.newGroup();
        try {
            SerialChannel ch = Ports.open(group, port, line, new SimpleChannelInboundHandler<ByteBuf>() {
                @Override
                protected void channelRead0(ChannelHandlerContext ctx, ByteBuf msg) {
                    out.print(hex ? ByteBufUtil.hexDump(msg).replaceAll("(..)(?!$)", "$1 ") + "\n"
                            : msg.toString(StandardCharsets.ISO_8859_1));
                    out.flush();
                    if (maxBytes > 0 && count.addAndGet(msg.readableBytes()) >= maxBytes) {
                        done.countDown();
                    }
                }

                @Override
                public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
                    failure.compareAndSet(null, cause);
                    ctx.close();
                }

                @Override
                public void channelInactive(ChannelHandlerContext ctx) {
                    done.countDown();
                }
            });
            spec.commandLine().getErr().println("monitoring " + port + " at " + line.describe());
            if (duration > 0) {
                done.await((long) (duration * 1000), TimeUnit.MILLISECONDS);
            } else {
                done.await();
            }
            ch.close().syncUninterruptibly();
        } finally {
            Ports.shutdown(group);
        }
        if (failure.get() != null) {
            throw failure.get() instanceof Exception e ? e : new RuntimeException(failure.get());
        }
        return 0;
    }
}
