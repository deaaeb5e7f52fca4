package io.github.nettyserial.rfc2217;

import java.util.Arrays;

/**
 * One Telnet command out of the byte stream: an option negotiation ({@code IAC WILL|WONT|DO|DONT option}),
 * a subnegotiation ({@code IAC SB option payload IAC SE}, payload unescaped) or a plain two-byte command
 * ({@code IAC NOP} and the like).
 */
public final class TelnetCommand {
    private static final byte[] NONE = new byte[0];

    private final int command;
    private final int option;
    private final byte[] payload;

    private TelnetCommand(int command, int option, byte[] payload) {
        this.command = command;
        this.option = option;
        this.payload = payload;
    }

    /** {@code IAC command option}, where command is one of {@link Telnet#WILL}, WONT, DO, DONT. */
    public static TelnetCommand negotiation(int command, int option) {
        return new TelnetCommand(command, option, NONE);
    }

    /** {@code IAC SB option payload IAC SE}; {@code payload} is kept, not copied, and holds unescaped bytes. */
    public static TelnetCommand subnegotiation(int option, byte[] payload) {
        return new TelnetCommand(Telnet.SB, option, payload);
    }

    /** A two-byte command such as {@code IAC NOP}. */
    public static TelnetCommand plain(int command) {
        return new TelnetCommand(command, -1, NONE);
    }

    /** The command byte: {@link Telnet#WILL}, WONT, DO, DONT, SB, or another command. */
    public int command() {
        return command;
    }

    /** The option, or -1 for a plain command. */
    public int option() {
        return option;
    }

    /** Whether this is a subnegotiation of {@code option}. */
    public boolean isSubnegotiation(int option) {
        return command == Telnet.SB && this.option == option;
    }

    /** The subnegotiation payload after the option byte, unescaped; empty for other commands. Do not modify. */
    public byte[] payload() {
        return payload;
    }

    /** Payload byte {@code i} as 0..255, or -1 past its end. */
    public int payloadByte(int i) {
        return i < payload.length ? payload[i] & 0xFF : -1;
    }

    @Override
    public boolean equals(Object o) {
        if (!(o instanceof TelnetCommand)) {
            return false;
        }
        TelnetCommand c = (TelnetCommand) o;
        return command == c.command && option == c.option && Arrays.equals(payload, c.payload);
    }

    @Override
    public int hashCode() {
        return (command * 31 + option) * 31 + Arrays.hashCode(payload);
    }

    @Override
    public String toString() {
        StringBuilder s = new StringBuilder("IAC ").append(Telnet.commandName(command));
        if (option >= 0) {
            s.append(' ').append(option);
        }
        if (command == Telnet.SB) {
            for (byte b : payload) {
                s.append(' ').append(b & 0xFF);
            }
            s.append(" IAC SE");
        }
        return s.toString();
    }
}
