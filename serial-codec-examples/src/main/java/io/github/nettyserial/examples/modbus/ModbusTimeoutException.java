package io.github.nettyserial.examples.modbus;

/** No valid response came within the response timeout. */
public class ModbusTimeoutException extends ModbusException {

    public ModbusTimeoutException(String message) {
        super(message);
    }
}
