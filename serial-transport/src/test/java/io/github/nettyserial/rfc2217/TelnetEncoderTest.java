package io.github.nettyserial.rfc2217;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;

import io.github.nettyserial.FlowControl;
import io.github.nettyserial.Parity;
import io.github.nettyserial.StopBits;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufAllocator;
import io.netty.buffer.ByteBufUtil;
import io.netty.buffer.PooledByteBufAllocator;
import org.junit.jupiter.api.Test;

class TelnetEncoderTest {
    private static final ByteBufAllocator ALLOC = PooledByteBufAllocator.DEFAULT;

    private static byte[] bytes(int... v) {
        byte[] b = new byte[v.length];
        for (int i = 0; i < v.length; i++) {
            b[i] = (byte) v[i];
        }
        return b;
    }

    private static byte[] drain(ByteBuf b) {
        byte[] out = ByteBufUtil.getBytes(b);
        b.release();
        return out;
    }

    @Test
    void dataWithoutIacIsNotCopied() {
        ByteBuf data = ALLOC.directBuffer().writeBytes(bytes(1, 2, 254));
        assertSame(data, TelnetEncoder.escape(ALLOC, data));
        data.release();
    }

    @Test
    void iacIsDoubledEverywhere() {
        assertArrayEquals(bytes(255, 255, 1, 255, 255, 255, 255),
                drain(TelnetEncoder.escape(ALLOC, ALLOC.directBuffer().writeBytes(bytes(255, 1, 255, 255)))));
    }

    @Test
    void subnegotiationEscapesItsPayload() {
        // SET-BAUDRATE 0x0000FFFF (65535): the 0xFF bytes of the value are doubled.
        assertArrayEquals(bytes(255, 250, 44, 1, 0, 0, 255, 255, 255, 255, 255, 240),
                drain(TelnetEncoder.comPortBaudRate(ALLOC, ComPort.SET_BAUDRATE, 65535)));
        assertArrayEquals(bytes(255, 250, 44, 5, 8, 255, 240),
                drain(TelnetEncoder.comPort(ALLOC, ComPort.SET_CONTROL, ComPort.CONTROL_DTR_ON)));
        assertArrayEquals(bytes(255, 253, 44), drain(TelnetEncoder.encode(ALLOC,
                TelnetCommand.negotiation(Telnet.DO, Telnet.COM_PORT_OPTION))));
    }

    @Test
    void baudRatePayloadForms() {
        assertEquals(115200, ComPort.baudRate(bytes(101, 0, 1, 0xC2, 0), 1));
        assertEquals(57600, ComPort.baudRate(bytes(101, 0, 0, 0xE1, 0, 0, 0, 0, 0), 1), "sredird's 4 extra NULs");
        assertEquals(9600, ComPort.baudRate(bytes(101, 8), 1), "Cisco one-byte code");
        assertEquals(-1, ComPort.baudRate(bytes(101, 0, 1), 1));
    }

    @Test
    void valueMappingsRoundTrip() {
        for (Parity p : Parity.values()) {
            assertEquals(p, ComPort.parity(ComPort.parityCode(p)));
        }
        for (StopBits s : StopBits.values()) {
            assertEquals(s, ComPort.stopBits(ComPort.stopSizeCode(s)));
        }
        for (FlowControl f : FlowControl.values()) {
            assertEquals(f, ComPort.flowControl(ComPort.flowCode(f)));
        }
        assertNull(ComPort.flowControl(ComPort.CONTROL_DTR_ON));
        assertEquals("SET-BAUDRATE", ComPort.commandName(101));
    }

    @Test
    void negotiatorAnswersOnlyChanges() {
        TelnetNegotiator n = new TelnetNegotiator().acceptRemotely(Telnet.SGA);
        assertEquals(TelnetCommand.negotiation(Telnet.WILL, Telnet.BINARY), n.offer(Telnet.BINARY));
        assertNull(n.offer(Telnet.BINARY), "asked once only");
        assertNull(n.receive(TelnetCommand.negotiation(Telnet.DO, Telnet.BINARY)), "the answer to our WILL");
        assertEquals(true, n.isLocal(Telnet.BINARY));
        assertNull(n.receive(TelnetCommand.negotiation(Telnet.DO, Telnet.BINARY)), "no change, no answer");
        assertEquals(TelnetCommand.negotiation(Telnet.DO, Telnet.SGA), n.receive(TelnetCommand.negotiation(Telnet.WILL, Telnet.SGA)));
        assertEquals(TelnetCommand.negotiation(Telnet.DONT, Telnet.ECHO), n.receive(TelnetCommand.negotiation(Telnet.WILL, Telnet.ECHO)));
        assertEquals(TelnetCommand.negotiation(Telnet.WONT, 24), n.receive(TelnetCommand.negotiation(Telnet.DO, 24)));
        assertEquals(TelnetCommand.negotiation(Telnet.WONT, Telnet.BINARY), n.receive(TelnetCommand.negotiation(Telnet.DONT, Telnet.BINARY)));
        assertNull(n.receive(TelnetCommand.negotiation(Telnet.DONT, Telnet.BINARY)));
    }
}
