package io.github.nettyserial.examples.modbus;

import static io.github.nettyserial.examples.modbus.ModbusFunction.READ_COILS;
import static io.github.nettyserial.examples.modbus.ModbusFunction.READ_DISCRETE_INPUTS;
import static io.github.nettyserial.examples.modbus.ModbusFunction.READ_HOLDING_REGISTERS;
import static io.github.nettyserial.examples.modbus.ModbusFunction.READ_INPUT_REGISTERS;

import java.util.Arrays;

/**
 * A normal (non-exception) response to a {@link ModbusRequest}: the values read (FC 1-4), or the
 * confirmation of a write (FC 5, 6, 15, 16). Immutable.
 */
public final class ModbusResponse {

    private final ModbusRequest request;
    private final int[] values;

    private ModbusResponse(ModbusRequest request, int[] values) {
        this.request = request;
        this.values = values;
    }

    /** The response to a read of registers (FC 3, 4), as a slave builds it. */
    public static ModbusResponse ofRegisters(ModbusRequest request, int... registers) {
        return ofValues(request, registers);
    }

    /** The response to a read of coils or discrete inputs (FC 1, 2), as a slave builds it. */
    public static ModbusResponse ofBits(ModbusRequest request, boolean... bits) {
        int[] v = new int[bits.length];
        for (int i = 0; i < bits.length; i++) {
            v[i] = bits[i] ? 1 : 0;
        }
        return ofValues(request, v);
    }

    /** The confirmation of a write (FC 5, 6, 15, 16), as a slave builds it. */
    public static ModbusResponse ofWrite(ModbusRequest request) {
        if (!request.isWrite()) {
            throw new IllegalArgumentException("not a write: " + request);
        }
        return new ModbusResponse(request, request.values());
    }

    private static ModbusResponse ofValues(ModbusRequest request, int[] values) {
        if (request.isWrite() || values.length != request.quantity()) {
            throw new IllegalArgumentException(values.length + " values do not answer " + request);
        }
        return new ModbusResponse(request, values.clone());
    }

    /**
     * Checks that {@code frame} answers {@code request} and parses it, as a master does.
     *
     * @throws ModbusExceptionResponse if the slave sent an exception response
     * @throws ModbusException if the frame is not a response to this request
     */
    public static ModbusResponse fromFrame(ModbusRequest request, ModbusRtuFrame frame) throws ModbusException {
        int fc = request.function();
        if (frame.unit() != request.unit()) {
            throw new ModbusException("response from unit " + frame.unit() + " to a request for unit " + request.unit());
        }
        if (frame.isException() && (frame.function() & 0x7F) == fc && frame.dataLength() == 1) {
            throw new ModbusExceptionResponse(frame.dataByte(0),
                    "unit " + request.unit() + ", function " + fc + ", address " + request.address());
        }
        if (frame.function() != fc) {
            throw new ModbusException("response with function " + frame.function() + " to function " + fc);
        }
        int q = request.quantity();
        switch (fc) {
            case READ_COILS, READ_DISCRETE_INPUTS, READ_HOLDING_REGISTERS, READ_INPUT_REGISTERS -> {
                boolean bits = fc <= READ_DISCRETE_INPUTS;
                int expected = bits ? (q + 7) / 8 : 2 * q;
                if (frame.dataLength() != expected + 1 || frame.dataByte(0) != expected) {
                    throw new ModbusException("read response has " + (frame.dataLength() - 1) + " data bytes, expected "
                            + expected + " for quantity " + q);
                }
                int[] v = new int[q];
                for (int i = 0; i < q; i++) {
                    v[i] = bits ? (frame.dataByte(1 + i / 8) >> (i % 8)) & 1 : frame.dataShort(1 + 2 * i);
                }
                return new ModbusResponse(request, v);
            }
            default -> {
                if (frame.dataLength() != 4 || !Arrays.equals(frame.data(), 0, 4, request.toFrame().data(), 0, 4)) {
                    throw new ModbusException("write confirmation does not echo the request: " + frame);
                }
                return new ModbusResponse(request, request.values());
            }
        }
    }

    /** The frame that carries this response. */
    public ModbusRtuFrame toFrame() {
        int fc = request.function();
        if (request.isWrite()) {
            byte[] echo = Arrays.copyOf(request.toFrame().data(), 4);
            return new ModbusRtuFrame(request.unit(), fc, echo);
        }
        byte[] payload;
        if (fc == READ_COILS || fc == READ_DISCRETE_INPUTS) {
            payload = ModbusRequest.packBits(values);
        } else {
            payload = new byte[values.length * 2];
            for (int i = 0; i < values.length; i++) {
                payload[2 * i] = (byte) (values[i] >> 8);
                payload[2 * i + 1] = (byte) values[i];
            }
        }
        byte[] data = new byte[payload.length + 1];
        data[0] = (byte) payload.length;
        System.arraycopy(payload, 0, data, 1, payload.length);
        return new ModbusRtuFrame(request.unit(), fc, data);
    }

    /** The request this answers. */
    public ModbusRequest request() {
        return request;
    }

    /** The registers read (FC 3, 4) or written (FC 6, 16). */
    public int[] registers() {
        return values.clone();
    }

    /** The coils or inputs read (FC 1, 2) or the coils written (FC 5, 15). */
    public boolean[] bits() {
        boolean[] b = new boolean[values.length];
        for (int i = 0; i < b.length; i++) {
            b[i] = values[i] != 0;
        }
        return b;
    }

    @Override
    public String toString() {
        return "ModbusResponse(" + request + " -> " + Arrays.toString(values) + ')';
    }
}
