package io.github.nettyserial.rfc2217;

import static io.github.nettyserial.rfc2217.Telnet.DO;
import static io.github.nettyserial.rfc2217.Telnet.DONT;
import static io.github.nettyserial.rfc2217.Telnet.IAC;
import static io.github.nettyserial.rfc2217.Telnet.SB;
import static io.github.nettyserial.rfc2217.Telnet.SE;
import static io.github.nettyserial.rfc2217.Telnet.WILL;
import static io.github.nettyserial.rfc2217.Telnet.WONT;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.nettyserial.FlowControl;
import io.github.nettyserial.SerialChannelOption;
import io.github.nettyserial.testkit.EmbeddedSerialChannel;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.channel.embedded.EmbeddedChannel;
import java.io.ByteArrayOutputStream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The server's protocol, byte for byte, where a pty cannot go: modem lines that change, line errors, the masks,
 * flow-control suspension. The port is the testkit's simulated serial channel, the client a byte script.
 */
class Rfc2217ServerHandlerTest {
    private static final int COM = Telnet.COM_PORT_OPTION;
    private EmbeddedSerialChannel port;
    private EmbeddedChannel client;

    @BeforeEach
    void connect() {
        port = new EmbeddedSerialChannel();
        port.config().setOption(SerialChannelOption.MODEM_EVENTS, true);
        client = new EmbeddedChannel(new Rfc2217ServerHandler(port));
    }

    @AfterEach
    void close() {
        client.finishAndReleaseAll();
        port.finishAndReleaseAll();
    }

    private static byte[] bytes(int... b) {
        byte[] out = new byte[b.length];
        for (int i = 0; i < b.length; i++) {
            out[i] = (byte) b[i];
        }
        return out;
    }

    private void send(int... b) {
        client.writeInbound(Unpooled.wrappedBuffer(bytes(b)));
    }

    /** Everything the server has written to the client since the last call. */
    private byte[] sent() {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        for (ByteBuf b; (b = client.readOutbound()) != null; ) {
            byte[] a = new byte[b.readableBytes()];
            b.readBytes(a);
            b.release();
            out.writeBytes(a);
        }
        return out.toByteArray();
    }

    /** {@code IAC SB COM-PORT-OPTION code value IAC SE} as the server must send it, 0xFF doubled. */
    private static byte[] comPort(int code, int... value) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        out.writeBytes(bytes(IAC, SB, COM, code));
        for (int v : value) {
            out.write(v);
            if (v == 0xFF) {
                out.write(v);
            }
        }
        out.writeBytes(bytes(IAC, SE));
        return out.toByteArray();
    }

    private void negotiated() {
        sent();
        send(IAC, WILL, COM, IAC, DO, 0, IAC, WILL, 0);
        assertArrayEquals(new byte[0], sent(), "the answers to our own offers need no answer");
    }

    @Test
    void offersBinaryBothWaysSgaAndComPortThenAnswersOnlyChanges() {
        assertArrayEquals(bytes(IAC, WILL, 0, IAC, DO, 0, IAC, WILL, 3, IAC, DO, 3, IAC, DO, COM), sent());
        send(IAC, DO, Telnet.ECHO);
        assertArrayEquals(bytes(IAC, WONT, Telnet.ECHO), sent(), "ECHO is refused");
        negotiated();
        send(IAC, WILL, COM, IAC, WILL, COM);
        assertArrayEquals(new byte[0], sent(), "a repeated WILL is not answered: no loop");
        send(IAC, WILL, 24);
        assertArrayEquals(bytes(IAC, DONT, 24), sent());
    }

    @Test
    void settingsAnsweredWithTheValueInUse() {
        negotiated();
        send(IAC, SB, COM, ComPort.SET_BAUDRATE, 0, 1, 0xC2, 0, IAC, SE);
        assertEquals(115_200, port.config().getBaudRate());
        assertArrayEquals(comPort(101, 0, 1, 0xC2, 0), sent());
        send(IAC, SB, COM, ComPort.SET_BAUDRATE, 0, 0, 0, 0, IAC, SE);
        assertArrayEquals(comPort(101, 0, 1, 0xC2, 0), sent(), "0 asks");
        send(IAC, SB, COM, ComPort.SET_DATASIZE, 7, IAC, SE);
        assertArrayEquals(comPort(102, 7), sent());
        send(IAC, SB, COM, ComPort.SET_DATASIZE, 9, IAC, SE);
        assertArrayEquals(comPort(102, 7), sent(), "an impossible value is answered with the one in use");
        send(IAC, SB, COM, ComPort.SET_PARITY, ComPort.PARITY_EVEN, IAC, SE);
        assertArrayEquals(comPort(103, ComPort.PARITY_EVEN), sent());
        send(IAC, SB, COM, ComPort.SET_STOPSIZE, ComPort.STOPSIZE_TWO, IAC, SE);
        assertArrayEquals(comPort(104, ComPort.STOPSIZE_TWO), sent());
        send(IAC, SB, COM, ComPort.SET_CONTROL, ComPort.CONTROL_FLOW_HARDWARE, IAC, SE);
        assertEquals(FlowControl.RTS_CTS, port.config().getFlowControl());
        assertArrayEquals(comPort(105, ComPort.CONTROL_FLOW_HARDWARE), sent());
        send(IAC, SB, COM, ComPort.SET_CONTROL, 13, IAC, SE);
        assertArrayEquals(comPort(105, 16), sent(), "inbound flow asked: hardware");
        send(IAC, SB, COM, ComPort.SET_CONTROL, ComPort.CONTROL_DTR_OFF, IAC, SE);
        assertFalse(port.config().isDtr());
        assertArrayEquals(comPort(105, ComPort.CONTROL_DTR_OFF), sent());
        send(IAC, SB, COM, ComPort.SET_CONTROL, ComPort.CONTROL_RTS_REQUEST, IAC, SE);
        assertArrayEquals(comPort(105, ComPort.CONTROL_RTS_ON), sent());
        send(IAC, SB, COM, ComPort.SET_CONTROL, ComPort.CONTROL_BREAK_REQUEST, IAC, SE);
        assertArrayEquals(comPort(105, ComPort.CONTROL_BREAK_OFF), sent());
    }

    @Test
    void modemStateUnderTheMaskWithDeltaBits() {
        negotiated();
        port.setCts(true);
        assertArrayEquals(comPort(107, ComPort.MODEMSTATE_CTS | ComPort.MODEMSTATE_DELTA_CTS), sent());
        send(IAC, SB, COM, ComPort.SET_MODEMSTATE_MASK, 0x0F, IAC, SE);
        assertArrayEquals(comPort(111, 0x0F), sent());
        port.setDcd(true);
        assertArrayEquals(comPort(107, ComPort.MODEMSTATE_DELTA_DCD), sent(), "levels masked out, delta kept");
        send(IAC, SB, COM, ComPort.SET_MODEMSTATE_MASK, 0x00, IAC, SE);
        sent();
        port.setDsr(true);
        assertArrayEquals(new byte[0], sent(), "mask 0: nothing");
        send(IAC, SB, COM, ComPort.SET_MODEMSTATE_MASK, 0xFF, 0xFF, IAC, SE);
        sent();
        port.ring();
        byte[] ring = sent();
        assertTrue(ring.length > 0 && (ring[4] & ComPort.MODEMSTATE_TRAILING_EDGE_RI) != 0,
                "a ring ends with a trailing-edge RI");
    }

    @Test
    void lineStateOnlyOnceTheClientAsks() {
        negotiated();
        port.framingError();
        assertArrayEquals(new byte[0], sent(), "the line-state mask starts at 0");
        send(IAC, SB, COM, ComPort.SET_LINESTATE_MASK, 0xFF, 0xFF, IAC, SE);  // 0xFF doubled in SB too
        assertArrayEquals(comPort(110, 0xFF), sent());
        port.framingError();
        assertArrayEquals(comPort(106, ComPort.LINESTATE_FRAMING_ERROR), sent());
        port.receiveBreak();
        assertArrayEquals(comPort(106, ComPort.LINESTATE_BREAK), sent());
    }

    @Test
    void dataBothWaysWithIacDoubled() {
        negotiated();
        port.receive(bytes(1, 0xFF, 2));
        assertArrayEquals(bytes(1, 0xFF, 0xFF, 2), sent());
        send(3, IAC, IAC, 4);
        assertArrayEquals(bytes(3, 0xFF, 4), port.readOutboundBytes());
    }

    @Test
    void suspendStopsReadingThePortUntilResume() {
        negotiated();
        send(IAC, SB, COM, ComPort.FLOWCONTROL_SUSPEND, IAC, SE);
        assertFalse(port.config().isAutoRead());
        send(IAC, SB, COM, ComPort.FLOWCONTROL_RESUME, IAC, SE);
        assertTrue(port.config().isAutoRead());
    }

    @Test
    void aSecondClientTakesThePortOver() {
        EmbeddedChannel second = new EmbeddedChannel(new Rfc2217ServerHandler(port));
        try {
            assertFalse(client.isOpen(), "the first client is closed");
            for (ByteBuf b; (b = second.readOutbound()) != null; ) {
                b.release();       // its offers
            }
            port.receive(bytes(42));
            ByteBuf got = second.readOutbound();
            assertEquals(42, got.readByte());
            got.release();
        } finally {
            second.finishAndReleaseAll();
        }
    }

    @Test
    void refusesAChannelThatIsNotASerialPort() {
        assertThrows(IllegalArgumentException.class, () -> new Rfc2217ServerHandler(new EmbeddedChannel()));
    }
}
