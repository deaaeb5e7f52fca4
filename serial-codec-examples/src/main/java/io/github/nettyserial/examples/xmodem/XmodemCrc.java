package io.github.nettyserial.examples.xmodem;

import io.netty.buffer.ByteBuf;

/**
 * CRC-16/XMODEM: polynomial 0x1021, initial value 0, not reflected, sent high byte first. The check value of
 * {@code "123456789"} is {@code 0x31C3}.
 */
public final class XmodemCrc {

    private static final int[] TABLE = new int[256];

    static {
        for (int i = 0; i < 256; i++) {
            int crc = i << 8;
            for (int bit = 0; bit < 8; bit++) {
                crc = (crc & 0x8000) != 0 ? (crc << 1) ^ 0x1021 : crc << 1;
            }
            TABLE[i] = crc & 0xFFFF;
        }
    }

    private XmodemCrc() {
    }

    /** The CRC of {@code length} bytes of {@code buf} from {@code index}. */
    public static int compute(ByteBuf buf, int index, int length) {
        int crc = 0;
        for (int i = index, end = index + length; i < end; i++) {
            crc = ((crc << 8) ^ TABLE[((crc >>> 8) ^ buf.getByte(i)) & 0xFF]) & 0xFFFF;
        }
        return crc;
    }
}
