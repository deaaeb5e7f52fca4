package io.github.nettyserial.examples.modbus;

import java.util.Arrays;

/**
 * One Modbus RTU frame without its CRC: the unit (slave) address, the function code and the PDU data that
 * follows the function code. Immutable. The {@link ModbusRtuFrameDecoder} produces these after checking the
 * CRC; the {@link ModbusRtuFrameEncoder} appends the CRC when writing one.
 */
public final class ModbusRtuFrame {

    /** The largest frame on the wire: address, function, 252 data bytes and the CRC. */
    public static final int MAX_WIRE_LENGTH = 256;
    /** The smallest frame on the wire: address, function and the CRC. */
    public static final int MIN_WIRE_LENGTH = 4;
    /** The most PDU data bytes after the function code. */
    public static final int MAX_DATA_LENGTH = MAX_WIRE_LENGTH - 4;

    private final int unit;
    private final int function;
    private final byte[] data;

    /**
     * @param unit the address, 0 (broadcast) to 255
     * @param function the function code, 0 to 255 (exception responses have bit 7 set)
     * @param data the PDU data after the function code, at most {@value #MAX_DATA_LENGTH} bytes; copied
     */
    public ModbusRtuFrame(int unit, int function, byte[] data) {
        if (unit < 0 || unit > 255) {
            throw new IllegalArgumentException("unit: " + unit + " (expected 0..255)");
        }
        if (function < 0 || function > 255) {
            throw new IllegalArgumentException("function: " + function + " (expected 0..255)");
        }
        if (data.length > MAX_DATA_LENGTH) {
            throw new IllegalArgumentException("data: " + data.length + " bytes (at most " + MAX_DATA_LENGTH + ")");
        }
        this.unit = unit;
        this.function = function;
        this.data = data.clone();
    }

    /** An exception response to {@code function} with {@code code} (1 illegal function, 2 illegal address, ...). */
    public static ModbusRtuFrame exception(int unit, int function, int code) {
        return new ModbusRtuFrame(unit, function | 0x80, new byte[] {(byte) code});
    }

    public int unit() {
        return unit;
    }

    public int function() {
        return function;
    }

    /** Whether this is an exception response (function code with bit 7 set). */
    public boolean isException() {
        return (function & 0x80) != 0;
    }

    /** The number of PDU data bytes. */
    public int dataLength() {
        return data.length;
    }

    /** The data byte at {@code index}, unsigned. */
    public int dataByte(int index) {
        return data[index] & 0xFF;
    }

    /** The big-endian 16-bit value at data {@code index}, unsigned. */
    public int dataShort(int index) {
        return (data[index] & 0xFF) << 8 | data[index + 1] & 0xFF;
    }

    /** A copy of the PDU data. */
    public byte[] data() {
        return data.clone();
    }

    byte[] dataUnsafe() {
        return data;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof ModbusRtuFrame f && f.unit == unit && f.function == function && Arrays.equals(f.data, data);
    }

    @Override
    public int hashCode() {
        return (unit * 31 + function) * 31 + Arrays.hashCode(data);
    }

    @Override
    public String toString() {
        StringBuilder sb = new StringBuilder("ModbusRtuFrame(unit=").append(unit).append(", fc=").append(function)
                .append(", data=");
        for (byte b : data) {
            sb.append(String.format("%02x", b & 0xFF));
        }
        return sb.append(')').toString();
    }
}
