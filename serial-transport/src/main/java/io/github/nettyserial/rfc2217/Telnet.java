package io.github.nettyserial.rfc2217;

/**
 * Telnet (RFC 854/855) bytes that RFC 2217 rides on: the command bytes that follow {@link #IAC}, and the
 * option codes a COM port server and client negotiate.
 */
public final class Telnet {
    /** Interpret As Command: starts every command; doubled in data to stand for the byte 0xFF. */
    public static final int IAC = 255;
    /** Asks the other side not to enable an option. */
    public static final int DONT = 254;
    /** Asks the other side to enable an option. */
    public static final int DO = 253;
    /** Refuses to enable an option on this side. */
    public static final int WONT = 252;
    /** Offers to enable an option on this side. */
    public static final int WILL = 251;
    /** Starts a subnegotiation: {@code IAC SB option payload IAC SE}. */
    public static final int SB = 250;
    /** No operation. */
    public static final int NOP = 241;
    /** Ends a subnegotiation. */
    public static final int SE = 240;

    /** Option 0: 8-bit transparent data (RFC 856); negotiate both ways or some servers strip NUL bytes. */
    public static final int BINARY = 0;
    /** Option 1: echo (RFC 857); a COM port client refuses it. */
    public static final int ECHO = 1;
    /** Option 3: suppress go-ahead (RFC 858). */
    public static final int SGA = 3;
    /** Option 44: COM-PORT-OPTION (RFC 2217). */
    public static final int COM_PORT_OPTION = 44;

    private Telnet() {
    }

    /** A readable name for a command byte, for logs and messages. */
    public static String commandName(int command) {
        switch (command) {
            case DONT: return "DONT";
            case DO: return "DO";
            case WONT: return "WONT";
            case WILL: return "WILL";
            case SB: return "SB";
            case SE: return "SE";
            case NOP: return "NOP";
            default: return String.valueOf(command);
        }
    }
}
