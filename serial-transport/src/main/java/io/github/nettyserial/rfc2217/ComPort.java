package io.github.nettyserial.rfc2217;

import io.github.nettyserial.FlowControl;
import io.github.nettyserial.Parity;
import io.github.nettyserial.StopBits;

/**
 * The COM-PORT-OPTION (44) subnegotiation of RFC 2217: command codes, their values, and the state bits of
 * the notifications. A client sends a command code; the server answers with the same code plus
 * {@link #SERVER_OFFSET}, carrying the value in use, which may differ from the one asked for.
 */
public final class ComPort {
    /** A server's code is the client's code plus this. */
    public static final int SERVER_OFFSET = 100;

    // Client-to-server command codes.
    /** Signature text (either way). */
    public static final int SIGNATURE = 0;
    /** Baud rate, 4 bytes in network order; 0 asks for the current rate. */
    public static final int SET_BAUDRATE = 1;
    /** Data bits 5..8; 0 asks. */
    public static final int SET_DATASIZE = 2;
    /** Parity, one of the {@code PARITY_*} values; 0 asks. */
    public static final int SET_PARITY = 3;
    /** Stop bits, one of the {@code STOPSIZE_*} values; 0 asks. */
    public static final int SET_STOPSIZE = 4;
    /** Flow control, break, DTR and RTS: one of the {@code CONTROL_*} values. */
    public static final int SET_CONTROL = 5;
    /** Line state notification, server to client: {@code LINESTATE_*} bits. */
    public static final int NOTIFY_LINESTATE = 6;
    /** Modem state notification, server to client: {@code MODEMSTATE_*} bits. */
    public static final int NOTIFY_MODEMSTATE = 7;
    /** Asks the other side to stop sending data. */
    public static final int FLOWCONTROL_SUSPEND = 8;
    /** Lets the other side send data again. */
    public static final int FLOWCONTROL_RESUME = 9;
    /** Which line state bits the client wants notified; starts at 0. */
    public static final int SET_LINESTATE_MASK = 10;
    /** Which modem state bits the client wants notified; starts at 255. */
    public static final int SET_MODEMSTATE_MASK = 11;
    /** Discards buffered data: one of the {@code PURGE_*} values. */
    public static final int PURGE_DATA = 12;

    // SET-PARITY values.
    public static final int PARITY_NONE = 1;
    public static final int PARITY_ODD = 2;
    public static final int PARITY_EVEN = 3;
    public static final int PARITY_MARK = 4;
    public static final int PARITY_SPACE = 5;

    // SET-STOPSIZE values.
    public static final int STOPSIZE_ONE = 1;
    public static final int STOPSIZE_TWO = 2;
    public static final int STOPSIZE_ONE_POINT_FIVE = 3;

    // SET-CONTROL values.
    /** Asks for the outbound flow control in use. */
    public static final int CONTROL_FLOW_REQUEST = 0;
    public static final int CONTROL_FLOW_NONE = 1;
    public static final int CONTROL_FLOW_XON_XOFF = 2;
    public static final int CONTROL_FLOW_HARDWARE = 3;
    /** Asks for the break state. */
    public static final int CONTROL_BREAK_REQUEST = 4;
    public static final int CONTROL_BREAK_ON = 5;
    public static final int CONTROL_BREAK_OFF = 6;
    /** Asks for the DTR state. */
    public static final int CONTROL_DTR_REQUEST = 7;
    public static final int CONTROL_DTR_ON = 8;
    public static final int CONTROL_DTR_OFF = 9;
    /** Asks for the RTS state. */
    public static final int CONTROL_RTS_REQUEST = 10;
    public static final int CONTROL_RTS_ON = 11;
    public static final int CONTROL_RTS_OFF = 12;
    /** Outbound flow control by DSR (RFC 2217 value 19). */
    public static final int CONTROL_FLOW_DSR = 19;

    // PURGE-DATA values.
    /** The server's receive buffer (data from the device not yet sent to the client). */
    public static final int PURGE_RX = 1;
    /** The server's transmit buffer (data from the client not yet sent to the device). */
    public static final int PURGE_TX = 2;
    public static final int PURGE_BOTH = 3;

    // NOTIFY-LINESTATE bits.
    public static final int LINESTATE_TIMEOUT = 0x80;
    public static final int LINESTATE_TX_SHIFT_EMPTY = 0x40;
    public static final int LINESTATE_TX_HOLDING_EMPTY = 0x20;
    public static final int LINESTATE_BREAK = 0x10;
    public static final int LINESTATE_FRAMING_ERROR = 0x08;
    public static final int LINESTATE_PARITY_ERROR = 0x04;
    public static final int LINESTATE_OVERRUN = 0x02;
    public static final int LINESTATE_DATA_READY = 0x01;

    // NOTIFY-MODEMSTATE bits: the levels in the high nibble, what changed in the low one.
    public static final int MODEMSTATE_DCD = 0x80;
    public static final int MODEMSTATE_RI = 0x40;
    public static final int MODEMSTATE_DSR = 0x20;
    public static final int MODEMSTATE_CTS = 0x10;
    public static final int MODEMSTATE_DELTA_DCD = 0x08;
    /** RI went from on to off. */
    public static final int MODEMSTATE_TRAILING_EDGE_RI = 0x04;
    public static final int MODEMSTATE_DELTA_DSR = 0x02;
    public static final int MODEMSTATE_DELTA_CTS = 0x01;

    private ComPort() {
    }

    /** The SET-PARITY value for {@code parity}. */
    public static int parityCode(Parity parity) {
        switch (parity) {
            case ODD: return PARITY_ODD;
            case EVEN: return PARITY_EVEN;
            case MARK: return PARITY_MARK;
            case SPACE: return PARITY_SPACE;
            default: return PARITY_NONE;
        }
    }

    /** The parity a SET-PARITY value stands for, or {@code null} for an unknown value. */
    public static Parity parity(int code) {
        switch (code) {
            case PARITY_NONE: return Parity.NONE;
            case PARITY_ODD: return Parity.ODD;
            case PARITY_EVEN: return Parity.EVEN;
            case PARITY_MARK: return Parity.MARK;
            case PARITY_SPACE: return Parity.SPACE;
            default: return null;
        }
    }

    /** The SET-STOPSIZE value for {@code stopBits}. */
    public static int stopSizeCode(StopBits stopBits) {
        switch (stopBits) {
            case TWO: return STOPSIZE_TWO;
            case ONE_POINT_FIVE: return STOPSIZE_ONE_POINT_FIVE;
            default: return STOPSIZE_ONE;
        }
    }

    /** The stop bits a SET-STOPSIZE value stands for, or {@code null} for an unknown value. */
    public static StopBits stopBits(int code) {
        switch (code) {
            case STOPSIZE_ONE: return StopBits.ONE;
            case STOPSIZE_TWO: return StopBits.TWO;
            case STOPSIZE_ONE_POINT_FIVE: return StopBits.ONE_POINT_FIVE;
            default: return null;
        }
    }

    /** The SET-CONTROL value that sets {@code flow} as outbound flow control. */
    public static int flowCode(FlowControl flow) {
        switch (flow) {
            case XON_XOFF: return CONTROL_FLOW_XON_XOFF;
            case RTS_CTS: return CONTROL_FLOW_HARDWARE;
            case DSR_DTR: return CONTROL_FLOW_DSR;
            default: return CONTROL_FLOW_NONE;
        }
    }

    /** The flow control a SET-CONTROL value stands for, or {@code null} if it is not a flow control value. */
    public static FlowControl flowControl(int code) {
        switch (code) {
            case CONTROL_FLOW_NONE: return FlowControl.NONE;
            case CONTROL_FLOW_XON_XOFF: return FlowControl.XON_XOFF;
            case CONTROL_FLOW_HARDWARE: return FlowControl.RTS_CTS;
            case CONTROL_FLOW_DSR: return FlowControl.DSR_DTR;
            default: return null;
        }
    }

    /**
     * The baud rate in a SET-BAUDRATE payload (the bytes after the command code). Four bytes are the rate in
     * network order (extra bytes after them, as sredird sends, are ignored); a single byte is the rate code of
     * Cisco IOS servers (see {@link #ciscoBaudRate}).
     *
     * @return the rate, or -1 if the payload is neither form
     */
    public static int baudRate(byte[] payload, int offset) {
        int n = payload.length - offset;
        if (n >= 4) {
            return ((payload[offset] & 0xFF) << 24) | ((payload[offset + 1] & 0xFF) << 16)
                    | ((payload[offset + 2] & 0xFF) << 8) | (payload[offset + 3] & 0xFF);
        }
        return n == 1 ? ciscoBaudRate(payload[offset] & 0xFF) : -1;
    }

    /**
     * Cisco IOS's one-byte rate codes (as gensio maps them): 3 = 300, 4 = 600, 5 = 1200, 6 = 2400, 7 = 4800,
     * 8 = 9600, 10 = 19200, 12 = 38400, 13 = 57600, 14 = 115200, 15 = 230400.
     */
    private static final int[][] CISCO_RATES = {{3, 300}, {4, 600}, {5, 1200}, {6, 2400}, {7, 4800}, {8, 9600},
        {10, 19200}, {12, 38400}, {13, 57600}, {14, 115200}, {15, 230400}};

    /** The baud rate of a Cisco one-byte rate code, or -1 for an unknown code. */
    public static int ciscoBaudRate(int code) {
        for (int[] pair : CISCO_RATES) {
            if (pair[0] == code) {
                return pair[1];
            }
        }
        return -1;
    }

    /** A readable name for a client command code (or a server code, less {@link #SERVER_OFFSET}). */
    public static String commandName(int code) {
        String[] names = {"SIGNATURE", "SET-BAUDRATE", "SET-DATASIZE", "SET-PARITY", "SET-STOPSIZE", "SET-CONTROL",
            "NOTIFY-LINESTATE", "NOTIFY-MODEMSTATE", "FLOWCONTROL-SUSPEND", "FLOWCONTROL-RESUME", "SET-LINESTATE-MASK",
            "SET-MODEMSTATE-MASK", "PURGE-DATA"};
        int c = code >= SERVER_OFFSET ? code - SERVER_OFFSET : code;
        return c >= 0 && c < names.length ? names[c] : "command " + code;
    }
}
