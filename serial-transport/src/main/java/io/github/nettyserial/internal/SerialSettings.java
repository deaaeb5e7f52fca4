package io.github.nettyserial.internal;

import io.github.nettyserial.FlowControl;
import io.github.nettyserial.Parity;
import io.github.nettyserial.Rs485Config;
import io.github.nettyserial.StopBits;
import io.github.nettyserial.UnsupportedPolicy;

/**
 * Every line setting of a port at one moment: what the config holds and what a backend applies as a whole,
 * so that a change is all-or-nothing. Values are already validated.
 */
public record SerialSettings(int baudRate, int dataBits, Parity parity, StopBits stopBits, FlowControl flowControl,
                             boolean dtr, boolean rts, boolean exclusive, boolean lowLatency, Rs485Config rs485,
                             boolean modemEvents, UnsupportedPolicy unsupportedPolicy) {

    /** The option defaults (see {@code SerialChannelOption}): 9600 8N1, no flow control, DTR and RTS on, exclusive. */
    public static final SerialSettings DEFAULT = new SerialSettings(9600, 8, Parity.NONE, StopBits.ONE,
            FlowControl.NONE, true, true, true, false, null, false, UnsupportedPolicy.RAISE);

    public SerialSettings withBaudRate(int v) {
        return new SerialSettings(v, dataBits, parity, stopBits, flowControl, dtr, rts, exclusive, lowLatency, rs485,
                modemEvents, unsupportedPolicy);
    }

    public SerialSettings withDataBits(int v) {
        return new SerialSettings(baudRate, v, parity, stopBits, flowControl, dtr, rts, exclusive, lowLatency, rs485,
                modemEvents, unsupportedPolicy);
    }

    public SerialSettings withParity(Parity v) {
        return new SerialSettings(baudRate, dataBits, v, stopBits, flowControl, dtr, rts, exclusive, lowLatency, rs485,
                modemEvents, unsupportedPolicy);
    }

    public SerialSettings withStopBits(StopBits v) {
        return new SerialSettings(baudRate, dataBits, parity, v, flowControl, dtr, rts, exclusive, lowLatency, rs485,
                modemEvents, unsupportedPolicy);
    }

    public SerialSettings withFlowControl(FlowControl v) {
        return new SerialSettings(baudRate, dataBits, parity, stopBits, v, dtr, rts, exclusive, lowLatency, rs485,
                modemEvents, unsupportedPolicy);
    }

    public SerialSettings withDtr(boolean v) {
        return new SerialSettings(baudRate, dataBits, parity, stopBits, flowControl, v, rts, exclusive, lowLatency,
                rs485, modemEvents, unsupportedPolicy);
    }

    public SerialSettings withRts(boolean v) {
        return new SerialSettings(baudRate, dataBits, parity, stopBits, flowControl, dtr, v, exclusive, lowLatency,
                rs485, modemEvents, unsupportedPolicy);
    }

    public SerialSettings withExclusive(boolean v) {
        return new SerialSettings(baudRate, dataBits, parity, stopBits, flowControl, dtr, rts, v, lowLatency, rs485,
                modemEvents, unsupportedPolicy);
    }

    public SerialSettings withLowLatency(boolean v) {
        return new SerialSettings(baudRate, dataBits, parity, stopBits, flowControl, dtr, rts, exclusive, v, rs485,
                modemEvents, unsupportedPolicy);
    }

    public SerialSettings withRs485(Rs485Config v) {
        return new SerialSettings(baudRate, dataBits, parity, stopBits, flowControl, dtr, rts, exclusive, lowLatency, v,
                modemEvents, unsupportedPolicy);
    }

    public SerialSettings withModemEvents(boolean v) {
        return new SerialSettings(baudRate, dataBits, parity, stopBits, flowControl, dtr, rts, exclusive, lowLatency,
                rs485, v, unsupportedPolicy);
    }

    public SerialSettings withUnsupportedPolicy(UnsupportedPolicy v) {
        return new SerialSettings(baudRate, dataBits, parity, stopBits, flowControl, dtr, rts, exclusive, lowLatency,
                rs485, modemEvents, v);
    }

    /** Short form for messages, e.g. {@code 115200 8E1 RTS_CTS}. */
    public String describe() {
        String stop = stopBits == StopBits.ONE ? "1" : stopBits == StopBits.TWO ? "2" : "1.5";
        return baudRate + " " + dataBits + parity.name().charAt(0) + stop + " " + flowControl;
    }
}
