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
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code serial send PORT DATA}: writes bytes, waits until the UART sent them, optionally prints the answer. */
@Command(name = "send", description = "Send DATA (text, or hex with --hex) and wait until it has left the port.")
final class SendCommand extends PortCommand {

    enum Eol { NONE, CR, LF, CRLF }

    @Parameters(index = "1", paramLabel = "DATA", description = "What to send.")
    String data;

    @Option(names = "--hex", description = "DATA is hex, e.g. \"01 03 00 00 00 0a c5 cd\"; replies are printed in hex.")
    boolean hex;

    @Option(names = "--eol", defaultValue = "none", description = "Append none, cr, lf or crlf (default ${DEFAULT-VALUE}).")
    Eol eol;

    @Option(names = "--wait", paramLabel = "MS", description = "Print what arrives during MS milliseconds after sending.")
    long waitMillis;

    @Override
    void validate() throws Errors.CliException {
        Errors.atLeast("--wait", waitMillis, 0);
        if (hex) {
            parseHex(data);
        }
    }

    @Override
    int run(EventLoopGroup group) throws Exception {
        byte[] bytes = hex ? parseHex(data) : data.getBytes(StandardCharsets.UTF_8);
        String suffix = switch (eol) {
            case NONE -> "";
            case CR -> "\r";
            case LF -> "\n";
            case CRLF -> "\r\n";
        };
        PrintWriter out = out();
        PrintableText text = new PrintableText(StandardCharsets.UTF_8, false);
        SerialChannel ch = open(group, new SimpleChannelInboundHandler<ByteBuf>() {
            @Override
            protected void channelRead0(ChannelHandlerContext ctx, ByteBuf msg) {
                out.print(hex ? ByteBufUtil.hexDump(msg) : text.decode(msg));
                out.flush();
            }
        });
        ByteBuf buf = Unpooled.wrappedBuffer(bytes, suffix.getBytes(StandardCharsets.US_ASCII));
        int n = buf.readableBytes();
        ch.writeAndFlush(buf).sync();
        ch.drain().sync();
        status("sent " + n + " byte" + (n == 1 ? "" : "s") + " to " + port);
        if (waitMillis > 0) {
            Thread.sleep(waitMillis); // the reply window the user asked for
            if (hex) {
                out.println();
            }
        }
        ch.close().syncUninterruptibly();
        return 0;
    }

    static byte[] parseHex(String s) throws Errors.UsageException {
        String digits = s.replaceAll("[\\s:]", "");
        if (digits.length() % 2 != 0 || !digits.matches("[0-9a-fA-F]*")) {
            throw new Errors.UsageException("DATA", "\"" + s + "\"", "hex bytes with --hex, e.g. \"01 03 0a\"");
        }
        return ByteBufUtil.decodeHexDump(digits);
    }
}
