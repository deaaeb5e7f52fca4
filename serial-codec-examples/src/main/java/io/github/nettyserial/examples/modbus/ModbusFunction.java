package io.github.nettyserial.examples.modbus;

/** The Modbus function codes these examples implement, and the exception codes. */
public final class ModbusFunction {

    public static final int READ_COILS = 0x01;
    public static final int READ_DISCRETE_INPUTS = 0x02;
    public static final int READ_HOLDING_REGISTERS = 0x03;
    public static final int READ_INPUT_REGISTERS = 0x04;
    public static final int WRITE_SINGLE_COIL = 0x05;
    public static final int WRITE_SINGLE_REGISTER = 0x06;
    public static final int WRITE_MULTIPLE_COILS = 0x0F;
    public static final int WRITE_MULTIPLE_REGISTERS = 0x10;

    /** Exception code 01: the function is not supported. */
    public static final int ILLEGAL_FUNCTION = 0x01;
    /** Exception code 02: the address range is not available. */
    public static final int ILLEGAL_DATA_ADDRESS = 0x02;
    /** Exception code 03: a value in the request is not allowed (e.g. a quantity out of range). */
    public static final int ILLEGAL_DATA_VALUE = 0x03;
    /** Exception code 04: the server failed while performing the action. */
    public static final int SERVER_DEVICE_FAILURE = 0x04;

    private ModbusFunction() {
    }

    /** A readable name of an exception code, as the Modbus application protocol names it. */
    public static String exceptionName(int code) {
        return switch (code) {
            case 0x01 -> "illegal function";
            case 0x02 -> "illegal data address";
            case 0x03 -> "illegal data value";
            case 0x04 -> "server device failure";
            case 0x05 -> "acknowledge";
            case 0x06 -> "server device busy";
            case 0x08 -> "memory parity error";
            case 0x0A -> "gateway path unavailable";
            case 0x0B -> "gateway target device failed to respond";
            default -> "exception " + code;
        };
    }
}
