package io.github.nettyserial.examples.docs;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.nettyserial.FlowControl;
import io.github.nettyserial.Parity;
import io.github.nettyserial.Rs485Config;
import io.github.nettyserial.SerialChannel;
import io.github.nettyserial.SerialChannelOption;
import io.github.nettyserial.SerialEventLoopGroup;
import io.github.nettyserial.StopBits;
import io.github.nettyserial.testkit.VirtualSerialPair;
import io.netty.bootstrap.Bootstrap;
import io.netty.channel.ChannelFuture;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.channel.ChannelOption;
import io.netty.channel.EventLoopGroup;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * What a virtual serial port (a pseudo-terminal, as {@code serial demo} and the testkit use) refuses under the
 * default UNSUPPORTED_POLICY, tried for real, and the README's sentence that says so.
 */
class VirtualPortLimitsTest {

    private static final Path README = Path.of("").toAbsolutePath().getParent().resolve("README.md");

    /** One setting, how the README names it, and whether a pty refuses it. */
    record Case(String readme, ChannelOption<Object> option, Object value, boolean refused) {
        @SuppressWarnings("unchecked")
        static Case of(String readme, ChannelOption<?> option, Object value, boolean refused) {
            return new Case(readme, (ChannelOption<Object>) option, value, refused);
        }
    }

    static final List<Case> CASES = List.of(
            Case.of("`PARITY` other than `NONE`", SerialChannelOption.PARITY, Parity.EVEN, true),
            Case.of("`PARITY` other than `NONE`", SerialChannelOption.PARITY, Parity.ODD, true),
            Case.of("`PARITY` other than `NONE`", SerialChannelOption.PARITY, Parity.MARK, true),
            Case.of("`PARITY` other than `NONE`", SerialChannelOption.PARITY, Parity.SPACE, true),
            Case.of("`DATA_BITS` other than 8", SerialChannelOption.DATA_BITS, 7, true),
            Case.of("`DATA_BITS` other than 8", SerialChannelOption.DATA_BITS, 5, true),
            Case.of("`STOP_BITS` `ONE_POINT_FIVE`", SerialChannelOption.STOP_BITS, StopBits.ONE_POINT_FIVE, true),
            Case.of("`FLOW_CONTROL` `DSR_DTR`", SerialChannelOption.FLOW_CONTROL, FlowControl.DSR_DTR, true),
            Case.of("`DTR` or `RTS` `false`", SerialChannelOption.DTR, false, true),
            Case.of("`DTR` or `RTS` `false`", SerialChannelOption.RTS, false, true),
            Case.of("`LOW_LATENCY` `true`", SerialChannelOption.LOW_LATENCY, true, true),
            Case.of("`RS485`", SerialChannelOption.RS485, Rs485Config.builder().build(), true),
            Case.of("any `BAUD_RATE`", SerialChannelOption.BAUD_RATE, 250_000, false),
            Case.of("`STOP_BITS` `TWO`", SerialChannelOption.STOP_BITS, StopBits.TWO, false),
            Case.of("`RTS_CTS`", SerialChannelOption.FLOW_CONTROL, FlowControl.RTS_CTS, false),
            Case.of("`XON_XOFF`", SerialChannelOption.FLOW_CONTROL, FlowControl.XON_XOFF, false),
            Case.of("`EXCLUSIVE`", SerialChannelOption.EXCLUSIVE, true, false));

    @Test
    void whatAPtyRefusesIsWhatTheReadmeSays() throws Exception {
        String readme = Files.readString(README).replaceAll("\\s+", " ");
        int at = readme.indexOf("On a virtual port");
        assertTrue(at >= 0, "README.md has no paragraph starting 'On a virtual port'");
        String paragraph = readme.substring(at, readme.indexOf(". ", readme.indexOf("It takes", at)) + 1);
        List<String> wrong = new ArrayList<>();
        EventLoopGroup group = new SerialEventLoopGroup(1);
        try (VirtualSerialPair pair = VirtualSerialPair.open()) {
            for (Case c : CASES) {
                ChannelFuture f = new Bootstrap().group(group).channel(SerialChannel.class)
                        .handler(new ChannelInboundHandlerAdapter()).option(c.option(), c.value())
                        .connect(pair.a()).awaitUninterruptibly();
                if (f.isSuccess()) {
                    f.channel().close().syncUninterruptibly();
                }
                if (f.isSuccess() == c.refused()) {
                    wrong.add(c.option() + "=" + c.value() + (c.refused() ? " was taken" : " was refused: " + f.cause()));
                }
                String said = c.refused() ? paragraph.substring(0, paragraph.indexOf("It takes"))
                        : paragraph.substring(paragraph.indexOf("It takes"));
                if (!said.contains(c.readme())) {
                    wrong.add("README does not say " + c.readme() + (c.refused() ? " is refused" : " is taken"));
                }
            }
        } finally {
            group.shutdownGracefully(0, 1, TimeUnit.SECONDS).syncUninterruptibly();
        }
        assertEquals(List.of(), wrong, paragraph);
    }
}
