package io.github.nettyserial.rfc2217;

import static io.github.nettyserial.rfc2217.Telnet.IAC;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufAllocator;

/**
 * Builds the Telnet bytes one side sends: data with 0xFF doubled, option negotiations and subnegotiations
 * (with 0xFF in their payload doubled too).
 */
public final class TelnetEncoder {
    private TelnetEncoder() {
    }

    /**
     * Escapes {@code data} for the Telnet stream, taking ownership of it. Without a 0xFF byte the buffer itself
     * is returned; otherwise one new buffer from {@code alloc} with every 0xFF doubled (the only copy), and
     * {@code data} is released.
     */
    public static ByteBuf escape(ByteBufAllocator alloc, ByteBuf data) {
        int start = data.readerIndex();
        int end = data.writerIndex();
        int first = data.indexOf(start, end, (byte) IAC);
        if (first < 0) {
            return data;
        }
        int count = 0;
        for (int i = first; i >= 0; i = data.indexOf(i + 1, end, (byte) IAC)) {
            count++;
        }
        ByteBuf out = alloc.directBuffer(end - start + count);
        try {
            int from = start;
            for (int i = first; i >= 0; i = data.indexOf(i + 1, end, (byte) IAC)) {
                // copy up to and including the 0xFF, then the doubling byte
                out.writeBytes(data, from, i + 1 - from).writeByte(IAC);
                from = i + 1;
            }
            out.writeBytes(data, from, end - from);
            return out;
        } catch (RuntimeException e) {
            out.release();
            throw e;
        } finally {
            data.release();
        }
    }

    /** {@code IAC command option}: a negotiation. */
    public static ByteBuf negotiation(ByteBufAllocator alloc, int command, int option) {
        return alloc.buffer(3).writeByte(IAC).writeByte(command).writeByte(option);
    }

    /** The bytes of {@code command}, whatever its kind. */
    public static ByteBuf encode(ByteBufAllocator alloc, TelnetCommand command) {
        if (command.command() == Telnet.SB) {
            return subnegotiation(alloc, command.option(), command.payload());
        }
        if (command.option() < 0) {
            return alloc.buffer(2).writeByte(IAC).writeByte(command.command());
        }
        return negotiation(alloc, command.command(), command.option());
    }

    /** {@code IAC SB option payload IAC SE}, with 0xFF in the payload doubled. */
    public static ByteBuf subnegotiation(ByteBufAllocator alloc, int option, byte... payload) {
        ByteBuf out = alloc.buffer(5 + payload.length * 2);
        out.writeByte(IAC).writeByte(Telnet.SB).writeByte(option);
        for (byte b : payload) {
            out.writeByte(b);
            if (b == (byte) IAC) {
                out.writeByte(IAC);
            }
        }
        return out.writeByte(IAC).writeByte(Telnet.SE);
    }

    /** A COM-PORT-OPTION subnegotiation: {@code code} (see {@link ComPort}) followed by one-byte values. */
    public static ByteBuf comPort(ByteBufAllocator alloc, int code, int... values) {
        byte[] payload = new byte[1 + values.length];
        payload[0] = (byte) code;
        for (int i = 0; i < values.length; i++) {
            payload[i + 1] = (byte) values[i];
        }
        return subnegotiation(alloc, Telnet.COM_PORT_OPTION, payload);
    }

    /** A COM-PORT-OPTION subnegotiation carrying a baud rate: {@code code} and 4 bytes in network order. */
    public static ByteBuf comPortBaudRate(ByteBufAllocator alloc, int code, int baudRate) {
        return comPort(alloc, code, baudRate >>> 24, baudRate >>> 16, baudRate >>> 8, baudRate);
    }
}
