package io.github.nettyserial.examples.modbus;

import static io.github.nettyserial.examples.modbus.ModbusFunction.ILLEGAL_DATA_VALUE;
import static io.github.nettyserial.examples.modbus.ModbusFunction.ILLEGAL_FUNCTION;
import static io.github.nettyserial.examples.modbus.ModbusFunction.READ_COILS;
import static io.github.nettyserial.examples.modbus.ModbusFunction.READ_DISCRETE_INPUTS;
import static io.github.nettyserial.examples.modbus.ModbusFunction.READ_HOLDING_REGISTERS;
import static io.github.nettyserial.examples.modbus.ModbusFunction.READ_INPUT_REGISTERS;
import static io.github.nettyserial.examples.modbus.ModbusFunction.WRITE_MULTIPLE_COILS;
import static io.github.nettyserial.examples.modbus.ModbusFunction.WRITE_MULTIPLE_REGISTERS;
import static io.github.nettyserial.examples.modbus.ModbusFunction.WRITE_SINGLE_COIL;
import static io.github.nettyserial.examples.modbus.ModbusFunction.WRITE_SINGLE_REGISTER;

import java.util.Arrays;

/**
 * A Modbus request of function code 1-6, 15 or 16, built with the static factories (which check the
 * quantity limits of the Modbus application protocol) or parsed from a frame by a slave. Immutable.
 * Unit 0 is broadcast: allowed for writes only, never answered.
 */
public final class ModbusRequest {

    private final int unit;
    private final int function;
    private final int address;
    private final int quantity;
    private final int[] values; // registers, or coils as 0/1; empty for reads

    private ModbusRequest(int unit, int function, int address, int quantity, int[] values) {
        this.unit = unit;
        this.function = function;
        this.address = address;
        this.quantity = quantity;
        this.values = values;
    }

    /** FC 01: read 1..2000 coils. */
    public static ModbusRequest readCoils(int unit, int address, int quantity) {
        return read(unit, READ_COILS, address, quantity, 2000);
    }

    /** FC 02: read 1..2000 discrete inputs. */
    public static ModbusRequest readDiscreteInputs(int unit, int address, int quantity) {
        return read(unit, READ_DISCRETE_INPUTS, address, quantity, 2000);
    }

    /** FC 03: read 1..125 holding registers. */
    public static ModbusRequest readHoldingRegisters(int unit, int address, int quantity) {
        return read(unit, READ_HOLDING_REGISTERS, address, quantity, 125);
    }

    /** FC 04: read 1..125 input registers. */
    public static ModbusRequest readInputRegisters(int unit, int address, int quantity) {
        return read(unit, READ_INPUT_REGISTERS, address, quantity, 125);
    }

    /** FC 05: write one coil. */
    public static ModbusRequest writeSingleCoil(int unit, int address, boolean on) {
        return write(unit, WRITE_SINGLE_COIL, address, new int[] {on ? 1 : 0});
    }

    /** FC 06: write one holding register (0..65535). */
    public static ModbusRequest writeSingleRegister(int unit, int address, int value) {
        return write(unit, WRITE_SINGLE_REGISTER, address, new int[] {register(value)});
    }

    /** FC 15: write 1..1968 coils. */
    public static ModbusRequest writeMultipleCoils(int unit, int address, boolean... coils) {
        checkQuantity(coils.length, 1968);
        int[] v = new int[coils.length];
        for (int i = 0; i < v.length; i++) {
            v[i] = coils[i] ? 1 : 0;
        }
        return write(unit, WRITE_MULTIPLE_COILS, address, v);
    }

    /** FC 16: write 1..123 holding registers (each 0..65535). */
    public static ModbusRequest writeMultipleRegisters(int unit, int address, int... registers) {
        checkQuantity(registers.length, 123);
        int[] v = registers.clone();
        for (int r : v) {
            register(r);
        }
        return write(unit, WRITE_MULTIPLE_REGISTERS, address, v);
    }

    private static ModbusRequest read(int unit, int function, int address, int quantity, int max) {
        checkUnit(unit, false);
        checkAddress(address);
        checkQuantity(quantity, max);
        if (address + quantity > 0x10000) {
            throw new IllegalArgumentException("address " + address + " + quantity " + quantity + " exceeds 65536");
        }
        return new ModbusRequest(unit, function, address, quantity, new int[0]);
    }

    private static ModbusRequest write(int unit, int function, int address, int[] values) {
        checkUnit(unit, true);
        checkAddress(address);
        return new ModbusRequest(unit, function, address, values.length, values);
    }

    private static void checkUnit(int unit, boolean broadcastAllowed) {
        if (unit < (broadcastAllowed ? 0 : 1) || unit > 247) {
            throw new IllegalArgumentException("unit: " + unit + (broadcastAllowed
                    ? " (expected 0 for broadcast or 1..247)" : " (expected 1..247; broadcast is for writes only)"));
        }
    }

    private static void checkAddress(int address) {
        if (address < 0 || address > 0xFFFF) {
            throw new IllegalArgumentException("address: " + address + " (expected 0..65535)");
        }
    }

    private static void checkQuantity(int quantity, int max) {
        if (quantity < 1 || quantity > max) {
            throw new IllegalArgumentException("quantity: " + quantity + " (expected 1.." + max + ")");
        }
    }

    private static int register(int value) {
        if (value < 0 || value > 0xFFFF) {
            throw new IllegalArgumentException("register value: " + value + " (expected 0..65535)");
        }
        return value;
    }

    /**
     * Parses a request frame, as a slave does.
     *
     * @throws ModbusExceptionResponse with the exception code the slave should answer (1 for an unknown
     *     function, 3 for a malformed request)
     */
    public static ModbusRequest fromFrame(ModbusRtuFrame f) throws ModbusExceptionResponse {
        int fc = f.function();
        int n = f.dataLength();
        switch (fc) {
            case READ_COILS, READ_DISCRETE_INPUTS, READ_HOLDING_REGISTERS, READ_INPUT_REGISTERS -> {
                expect(n == 4, "request data must be 4 bytes, not " + n);
                int max = fc <= READ_DISCRETE_INPUTS ? 2000 : 125;
                int quantity = f.dataShort(2);
                expect(quantity >= 1 && quantity <= max, "quantity " + quantity + " not in 1.." + max);
                return new ModbusRequest(f.unit(), fc, f.dataShort(0), quantity, new int[0]);
            }
            case WRITE_SINGLE_COIL -> {
                expect(n == 4, "request data must be 4 bytes, not " + n);
                int v = f.dataShort(2);
                expect(v == 0xFF00 || v == 0, "coil value must be 0xFF00 or 0x0000");
                return new ModbusRequest(f.unit(), fc, f.dataShort(0), 1, new int[] {v == 0 ? 0 : 1});
            }
            case WRITE_SINGLE_REGISTER -> {
                expect(n == 4, "request data must be 4 bytes, not " + n);
                return new ModbusRequest(f.unit(), fc, f.dataShort(0), 1, new int[] {f.dataShort(2)});
            }
            case WRITE_MULTIPLE_COILS, WRITE_MULTIPLE_REGISTERS -> {
                expect(n >= 5, "request data too short: " + n);
                int quantity = f.dataShort(2);
                int byteCount = f.dataByte(4);
                boolean coils = fc == WRITE_MULTIPLE_COILS;
                int max = coils ? 1968 : 123;
                expect(quantity >= 1 && quantity <= max, "quantity " + quantity + " not in 1.." + max);
                expect(byteCount == (coils ? (quantity + 7) / 8 : quantity * 2) && n == 5 + byteCount,
                        "byte count " + byteCount + " does not match quantity " + quantity);
                int[] v = new int[quantity];
                for (int i = 0; i < quantity; i++) {
                    v[i] = coils ? (f.dataByte(5 + i / 8) >> (i % 8)) & 1 : f.dataShort(5 + 2 * i);
                }
                return new ModbusRequest(f.unit(), fc, f.dataShort(0), quantity, v);
            }
            default -> throw new ModbusExceptionResponse(ILLEGAL_FUNCTION, "function code " + fc);
        }
    }

    private static void expect(boolean ok, String detail) throws ModbusExceptionResponse {
        if (!ok) {
            throw new ModbusExceptionResponse(ILLEGAL_DATA_VALUE, detail);
        }
    }

    /** The frame that carries this request. */
    public ModbusRtuFrame toFrame() {
        byte[] data;
        switch (function) {
            case WRITE_SINGLE_COIL -> data = shorts(address, values[0] != 0 ? 0xFF00 : 0);
            case WRITE_SINGLE_REGISTER -> data = shorts(address, values[0]);
            case WRITE_MULTIPLE_COILS -> {
                byte[] bits = packBits(values);
                data = withHeader(shorts(address, quantity), bits);
            }
            case WRITE_MULTIPLE_REGISTERS -> {
                byte[] regs = new byte[values.length * 2];
                for (int i = 0; i < values.length; i++) {
                    regs[2 * i] = (byte) (values[i] >> 8);
                    regs[2 * i + 1] = (byte) values[i];
                }
                data = withHeader(shorts(address, quantity), regs);
            }
            default -> data = shorts(address, quantity);
        }
        return new ModbusRtuFrame(unit, function, data);
    }

    static byte[] shorts(int a, int b) {
        return new byte[] {(byte) (a >> 8), (byte) a, (byte) (b >> 8), (byte) b};
    }

    static byte[] packBits(int[] bits) {
        byte[] packed = new byte[(bits.length + 7) / 8];
        for (int i = 0; i < bits.length; i++) {
            if (bits[i] != 0) {
                packed[i / 8] |= (byte) (1 << (i % 8));
            }
        }
        return packed;
    }

    private static byte[] withHeader(byte[] header, byte[] payload) {
        byte[] data = new byte[header.length + 1 + payload.length];
        System.arraycopy(header, 0, data, 0, header.length);
        data[header.length] = (byte) payload.length;
        System.arraycopy(payload, 0, data, header.length + 1, payload.length);
        return data;
    }

    public int unit() {
        return unit;
    }

    public int function() {
        return function;
    }

    public int address() {
        return address;
    }

    /** The number of coils or registers read or written. */
    public int quantity() {
        return quantity;
    }

    /** Whether this is sent to unit 0, which every slave applies and none answers. */
    public boolean isBroadcast() {
        return unit == 0;
    }

    /** Whether this request writes (FC 5, 6, 15, 16). */
    public boolean isWrite() {
        return function == WRITE_SINGLE_COIL || function == WRITE_SINGLE_REGISTER
                || function == WRITE_MULTIPLE_COILS || function == WRITE_MULTIPLE_REGISTERS;
    }

    /** The values written: registers (FC 6, 16) or coils as 0/1 (FC 5, 15); empty for reads. */
    public int[] values() {
        return values.clone();
    }

    @Override
    public String toString() {
        return "ModbusRequest(unit=" + unit + ", fc=" + function + ", address=" + address + ", quantity=" + quantity
                + (values.length > 0 ? ", values=" + Arrays.toString(values) : "") + ')';
    }
}
