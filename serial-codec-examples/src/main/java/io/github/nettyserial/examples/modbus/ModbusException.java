package io.github.nettyserial.examples.modbus;

import java.io.IOException;

/** A Modbus request failed: an exception response, no response in time, or a response that does not fit. */
public class ModbusException extends IOException {

    public ModbusException(String message) {
        super(message);
    }
}
