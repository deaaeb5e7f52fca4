package io.github.nettyserial.windows;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.nettyserial.SerialChannel;
import io.github.nettyserial.testkit.VirtualSerialPort;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import org.junit.jupiter.api.Test;

/** The whole SerialChannel on an IOCP loop over Wine's kernel32, against a pty playing the device. */
class WineSerialChannelTest extends WinePorts {
    private static final Duration WAIT = Duration.ofSeconds(TIMEOUT_SECONDS);

    private static ByteBuf ascii(String s) {
        return Unpooled.copiedBuffer(s, StandardCharsets.US_ASCII);
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
}
