package io.github.nettyserial.examples.modbus;

import io.netty.buffer.ByteBuf;

/**
 * CRC-16/MODBUS: polynomial 0x8005 reflected (0xA001), initial value 0xFFFF, no final XOR. On the wire the
 * low byte goes first. The check value of {@code "123456789"} is {@code 0x4B37}.
 */
public final class ModbusCrc {

    private static final int[] TABLE = new int[256];

    static {
        for (int i = 0; i < 256; i++) {
            int crc = i;
            for (int bit = 0; bit < 8; bit++) {
                crc = (crc & 1) != 0 ? (crc >>> 1) ^ 0xA001 : crc >>> 1;
            }
            TABLE[i] = crc;
        }
    }

    private ModbusCrc() {
    }

    /** The CRC of {@code length} bytes of {@code buf} from {@code index}; the reader index does not move. */
    public static int compute(ByteBuf buf, int index, int length) {
        int crc = 0xFFFF;
        for (int i = index, end = index + length; i < end; i++) {
            crc = (crc >>> 8) ^ TABLE[(crc ^ buf.getByte(i)) & 0xFF];
        }
        return crc;
    }

    /** The CRC of {@code length} bytes of {@code bytes} from {@code offset}. */
    public static int compute(byte[] bytes, int offset, int length) {
        int crc = 0xFFFF;
        for (int i = offset, end = offset + length; i < end; i++) {
            crc = (crc >>> 8) ^ TABLE[(crc ^ bytes[i]) & 0xFF];
        }
        return crc;
    }

    /** Whether the last two bytes of the {@code length}-byte frame at {@code index} are its CRC (low byte first). */
    static boolean matches(ByteBuf buf, int index, int length) {
        int expected = buf.getUnsignedShortLE(index + length - 2);
        return compute(buf, index, length - 2) == expected;
    }
}
