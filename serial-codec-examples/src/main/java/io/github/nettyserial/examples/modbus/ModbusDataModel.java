package io.github.nettyserial.examples.modbus;

/**
 * What a {@link ModbusRtuSlave} serves. Methods run on the channel's event loop and must not block; throw
 * {@link ModbusExceptionResponse} (e.g. {@link ModbusFunction#ILLEGAL_DATA_ADDRESS}) to answer with an
 * exception response.
 */
public interface ModbusDataModel {

    boolean[] readCoils(int address, int quantity) throws ModbusExceptionResponse;

    boolean[] readDiscreteInputs(int address, int quantity) throws ModbusExceptionResponse;

    int[] readHoldingRegisters(int address, int quantity) throws ModbusExceptionResponse;

    int[] readInputRegisters(int address, int quantity) throws ModbusExceptionResponse;

    void writeCoils(int address, boolean[] values) throws ModbusExceptionResponse;

    void writeRegisters(int address, int[] values) throws ModbusExceptionResponse;
}
