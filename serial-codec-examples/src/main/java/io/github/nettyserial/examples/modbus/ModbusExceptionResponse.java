package io.github.nettyserial.examples.modbus;

/**
 * The slave answered with an exception response (function code | 0x80 and one exception code). A slave's
 * data model throws it to make the slave send that response.
 */
public class ModbusExceptionResponse extends ModbusException {

    private final int code;

    /** @param code the exception code, e.g. {@link ModbusFunction#ILLEGAL_DATA_ADDRESS} */
    public ModbusExceptionResponse(int code, String detail) {
        super(ModbusFunction.exceptionName(code) + " (exception " + code + ")" + (detail == null ? "" : ": " + detail));
        this.code = code;
    }

    /** The exception code. */
    public int code() {
        return code;
    }
}
