package io.github.nettyserial.examples.cli;

import io.github.nettyserial.SerialChannel;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufUtil;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.SimpleChannelInboundHandler;
import java.io.PrintWriter;
import java.nio.charset.Charset;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicReference;
import picocli.CommandLine.Command;
import picocli.CommandLine.ITypeConverter;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.TypeConversionException;

/**
 * {@code serial monitor PORT}: prints what arrives, as text (control characters made visible) or hex. Ends on
 * Ctrl-C, after {@code --bytes} or {@code --duration}, when the port goes away, or when stdout is closed
 * ({@code serial monitor PORT | head}).
 */
@Command(name = "monitor", description = "Print what arrives on a port, as text or hex, until Ctrl-C.")
final class MonitorCommand extends PortCommand {

    @Option(names = "--hex", description = "Print bytes as hex, one line per read.")
    boolean hex;

    @Option(names = "--raw", description = "Print text as received, control characters (ESC...) included.")
    boolean raw;

    @Option(names = "--encoding", defaultValue = "UTF-8", paramLabel = "CHARSET", converter = CharsetConverter.class,
            description = "Character set of the text (default ${DEFAULT-VALUE}).")
    Charset encoding;

    @Option(names = "--bytes", paramLabel = "N", description = "Stop after N bytes (at most N are printed).")
    Long maxBytes;

    @Mixin
    RunTime runTime;

    @Override
    void validate() throws Errors.CliException {
        if (maxBytes != null) {
            Errors.atLeast("--bytes", maxBytes, 1);
        }
        runTime.validate();
    }

    @Override
    int run(EventLoopGroup group) throws Exception {
        PrintWriter out = out();
        CountDownLatch done = new CountDownLatch(1);
        AtomicReference<Throwable> failure = new AtomicReference<>();
        PrintableText text = new PrintableText(encoding, raw);
        SerialChannel ch = open(group, new SimpleChannelInboundHandler<ByteBuf>() {
            private long left = maxBytes == null ? Long.MAX_VALUE : maxBytes;

            @Override
            protected void channelRead0(ChannelHandlerContext ctx, ByteBuf msg) {
                if (left == 0) {
                    return;
                }
                ByteBuf bytes = msg.readableBytes() > left ? msg.slice(msg.readerIndex(), (int) left) : msg;
                left -= bytes.readableBytes();
                out.print(hex ? ByteBufUtil.hexDump(bytes).replaceAll("(..)(?!$)", "$1 ") + "\n" : text.decode(bytes));
                out.flush();
                // A closed stdout (the reader of a pipe went away) is the user's way to stop.
                if (left == 0 || out.checkError()) {
                    ctx.channel().config().setAutoRead(false);
                    done.countDown();
                }
            }

            @Override
            public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
                failure.compareAndSet(null, cause);
                ctx.close();
            }
        });
        runUntilDone(ch, done, runTime, "monitoring " + port + " at " + line.describe());
        if (failure.get() != null) {
            throw failure.get() instanceof Exception e ? e : new RuntimeException(failure.get());
        }
        return 0;
    }

    static final class CharsetConverter implements ITypeConverter<Charset> {
        @Override
        public Charset convert(String value) {
            try {
                return Charset.forName(value);
            } catch (IllegalArgumentException e) {
                throw new TypeConversionException("'" + value + "' is not a character set this Java has (e.g. UTF-8, ISO-8859-1)");
            }
        }
    }
}
