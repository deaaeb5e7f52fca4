package io.github.nettyserial;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.netty.channel.ChannelOption;
import io.netty.channel.embedded.EmbeddedChannel;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Options, defaults, round trips and validation, on a config that holds values only. */
class DefaultSerialChannelConfigTest {

    @Test
    void optionsAreNamespacedNettyConstants() {
        assertEquals("io.github.nettyserial.SerialChannelOption#BAUD_RATE", SerialChannelOption.BAUD_RATE.name());
        assertSame(SerialChannelOption.BAUD_RATE, ChannelOption.valueOf(SerialChannelOption.class, "BAUD_RATE"));
    }

    @Test
    void defaultsAsDocumented() {
        DefaultSerialChannelConfig c = new DefaultSerialChannelConfig(new EmbeddedChannel());
        assertEquals(9600, c.getBaudRate());
        assertEquals(8, c.getDataBits());
        assertEquals(Parity.NONE, c.getParity());
        assertEquals(StopBits.ONE, c.getStopBits());
        assertEquals(FlowControl.NONE, c.getFlowControl());
        assertTrue(c.isDtr());
        assertTrue(c.isRts());
        assertTrue(c.isExclusive());
        assertFalse(c.isLowLatency());
        assertNull(c.getRs485());
        assertFalse(c.isModemEvents());
        assertEquals(UnsupportedPolicy.RAISE, c.getUnsupportedPolicy());
        Map<ChannelOption<?>, Object> all = c.getOptions();
        assertEquals(9600, all.get(SerialChannelOption.BAUD_RATE));
        assertTrue(all.containsKey(ChannelOption.AUTO_READ));
    }

    @Test
    void everyOptionRoundTrips() {
        DefaultSerialChannelConfig c = new DefaultSerialChannelConfig(new EmbeddedChannel());
        Rs485Config rs485 = Rs485Config.builder().rtsOnSend(false).rtsAfterSend(true).delayRtsBeforeSendMillis(2).build();
        assertTrue(c.setOption(SerialChannelOption.BAUD_RATE, 31_250));
        assertTrue(c.setOption(SerialChannelOption.DATA_BITS, 5));
        assertTrue(c.setOption(SerialChannelOption.PARITY, Parity.SPACE));
        assertTrue(c.setOption(SerialChannelOption.STOP_BITS, StopBits.ONE_POINT_FIVE));
        assertTrue(c.setOption(SerialChannelOption.FLOW_CONTROL, FlowControl.RTS_CTS));
        assertTrue(c.setOption(SerialChannelOption.DTR, false));
        assertTrue(c.setOption(SerialChannelOption.RTS, false));
        assertTrue(c.setOption(SerialChannelOption.EXCLUSIVE, false));
        assertTrue(c.setOption(SerialChannelOption.LOW_LATENCY, true));
        assertTrue(c.setOption(SerialChannelOption.RS485, rs485));
        assertTrue(c.setOption(SerialChannelOption.MODEM_EVENTS, true));
        assertTrue(c.setOption(SerialChannelOption.UNSUPPORTED_POLICY, UnsupportedPolicy.IGNORE));
        assertEquals(31_250, c.getOption(SerialChannelOption.BAUD_RATE));
        assertEquals(5, c.getOption(SerialChannelOption.DATA_BITS));
        assertEquals(Parity.SPACE, c.getOption(SerialChannelOption.PARITY));
        assertEquals(StopBits.ONE_POINT_FIVE, c.getOption(SerialChannelOption.STOP_BITS));
        assertEquals(FlowControl.RTS_CTS, c.getOption(SerialChannelOption.FLOW_CONTROL));
        assertFalse(c.getOption(SerialChannelOption.DTR));
        assertFalse(c.getOption(SerialChannelOption.RTS));
        assertFalse(c.getOption(SerialChannelOption.EXCLUSIVE));
        assertTrue(c.getOption(SerialChannelOption.LOW_LATENCY));
        assertEquals(rs485, c.getOption(SerialChannelOption.RS485));
        assertTrue(c.getOption(SerialChannelOption.MODEM_EVENTS));
        assertEquals(UnsupportedPolicy.IGNORE, c.getOption(SerialChannelOption.UNSUPPORTED_POLICY));
        // setOptions applies a whole map, as Bootstrap does.
        DefaultSerialChannelConfig copy = new DefaultSerialChannelConfig(new EmbeddedChannel());
        copy.setOptions(c.getOptions());
        for (Map.Entry<ChannelOption<?>, Object> e : c.getOptions().entrySet()) {
            if (e.getKey().name().startsWith(SerialChannelOption.class.getName())) {
                assertEquals(e.getValue(), copy.getOption(e.getKey()), e.getKey().name());
            }
        }
    }

    @Test
    void badValuesNameOptionAndValue() {
        DefaultSerialChannelConfig c = new DefaultSerialChannelConfig(new EmbeddedChannel());
        assertTrue(assertThrows(IllegalArgumentException.class, () -> c.setBaudRate(0)).getMessage().contains("BAUD_RATE=0"));
        assertTrue(assertThrows(IllegalArgumentException.class, () -> c.setDataBits(4)).getMessage().contains("DATA_BITS=4"));
        assertTrue(assertThrows(NullPointerException.class, () -> c.setFlowControl(null)).getMessage().contains("FLOW_CONTROL=null"));
        assertThrows(IllegalArgumentException.class, () -> Rs485Config.builder().delayRtsAfterSendMillis(-1));
        assertEquals(9600, c.getBaudRate());
    }
}
