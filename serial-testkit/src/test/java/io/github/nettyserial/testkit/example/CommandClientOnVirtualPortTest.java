package io.github.nettyserial.testkit.example;

import static java.nio.charset.StandardCharsets.US_ASCII;
import static org.junit.jupiter.api.Assertions.assertEquals;

import io.github.nettyserial.SerialChannel;
import io.github.nettyserial.SerialEventLoopGroup;
import io.github.nettyserial.testkit.FakeSerialDevice;
import io.github.nettyserial.testkit.VirtualSerialExtension;
import io.netty.bootstrap.Bootstrap;
import io.netty.channel.Channel;
import io.netty.channel.ChannelInitializer;
import io.netty.handler.codec.LineBasedFrameDecoder;
import io.netty.handler.codec.string.StringDecoder;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/** The same CommandClient on a real SerialChannel, against a scripted device on a virtual port. */
@ExtendWith(VirtualSerialExtension.class)
class CommandClientOnVirtualPortTest {

    @Test
    void talksToAScriptedDevice(FakeSerialDevice device, SerialEventLoopGroup group) throws Exception {
        device.expect("ATI\r").delay(Duration.ofMillis(20)).reply("FakeModem 1.0\r\n")
              .expect("AT+GMR\r").reply("1.0.7\r\n")
              .start();
        CommandClient client = new CommandClient(Duration.ofSeconds(2));
        Channel ch = new Bootstrap().group(group).channel(SerialChannel.class)
                .handler(new ChannelInitializer<SerialChannel>() {
                    @Override
                    protected void initChannel(SerialChannel c) {
                        c.pipeline().addLast(new LineBasedFrameDecoder(256), new StringDecoder(US_ASCII), client);
                    }
                })
                .connect(device.address()).sync().channel();

        assertEquals("FakeModem 1.0", client.request("ATI").get(5, TimeUnit.SECONDS));
        assertEquals("1.0.7", client.request("AT+GMR").get(5, TimeUnit.SECONDS));

        device.awaitDone();
        ch.close().sync();
    }
}
