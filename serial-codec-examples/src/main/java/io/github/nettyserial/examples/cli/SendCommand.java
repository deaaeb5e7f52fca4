package io.github.nettyserial.examples.cli;

import io.github.nettyserial.SerialChannel;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufUtil;
import io.netty.buffer.Unpooled;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.SimpleChannelInboundHandler;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code serial send PORT DATA}: writes bytes, waits until the UART sent them, optionally prints the answer. */
@Command(name = "send", description = "Send DATA (text, or hex with --hex) and wait until it has left the port.")
final class SendCommand implements Callable<Integer> {

    enum Eol { NONE, CR, LF, CRLF }

    @Spec
    CommandSpec spec;

    @Parameters(index = "0", paramLabel = "PORT")
    String port;

    @Parameters(index = "1", paramLabel = "DATA")
    String data;

    @Mixin
    PortOptions line;

    @Option(names = "--hex", description = "DATA is hex, e.g. \"01 03 00 00 00 0a c5 cd\".")
    boolean hex;

    @Option(names = "--eol", defaultValue = "none", description = "Append none, cr, lf or crlf (default ${DEFAULT-VALUE}).")
    Eol eol;

    @Option(names = "--wait", paramLabel = "MS", description = "Print what arrives during MS milliseconds after sending.")
    long waitMillis;

    @Override
    public Integer call() throws Exception {
        byte[] bytes = hex ? parseHex(data) : data.getBytes(StandardCharsets.UTF_8);
        String suffix = switch (eol) {
            case NONE -> "";
            case CR -> "\r";
            case LF -> "\n";
            case CRLF -> "\r\n";
        };
        PrintWriter out = spec.commandLine().getOut();
        EventLoopGroup group = Ports.newGroup();
        try {
            SerialChannel ch = Ports.open(group, port, line, new SimpleChannelInboundHandler<ByteBuf>() {
                @Override
                protected void channelRead0(ChannelHandlerContext ctx, ByteBuf msg) {
                    out.print(hex ? ByteBufUtil.hexDump(msg) : msg.toString(StandardCharsets.ISO_8859_1));
                    out.flush();
                }
            });
            ByteBuf buf = Unpooled.wrappedBuffer(bytes, suffix.getBytes(StandardCharsets.US_ASCII));
            int n = buf.readableBytes();
            ch.writeAndFlush(buf).sync();
            ch.drain().sync();
            spec.commandLine().getErr().println("sent " + n + " byte" + (n == 1 ? "" : "s") + " to " + port);
            if (waitMillis > 0) {
                Thread.sleep(waitMillis); // the reply window the user asked for
                if (hex) {
                    out.println();
                }
            }
            ch.close().syncUninterruptibly();
        } finally {
            Ports.shutdown(group);
        }
        return 0;
    }

    static byte[] parseHex(String s) throws Errors.CliException {
        String digits = s.replaceAll("[\\s:]", "");
        if (digits.length() % 2 != 0 || !digits.matches("[0-9a-fA-F]*")) {
            throw new Errors.CliException("not hex bytes: \"" + s + "\"");
        }
        return ByteBufUtil.decodeHexDump(digits);
    }
}
