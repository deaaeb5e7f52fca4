package io.github.nettyserial.examples.modbus;

import java.util.Arrays;

/**
 * A {@link ModbusDataModel} of four fixed-size tables starting at address 0; an access outside a table is
 * answered with {@link ModbusFunction#ILLEGAL_DATA_ADDRESS}. Thread-safe, so a test or the demo may read it
 * while the slave serves.
 */
public class InMemoryModbusDataModel implements ModbusDataModel {

    private final boolean[] coils;
    private final boolean[] discreteInputs;
    private final int[] holdingRegisters;
    private final int[] inputRegisters;

    public InMemoryModbusDataModel(int coils, int discreteInputs, int holdingRegisters, int inputRegisters) {
        this.coils = new boolean[coils];
        this.discreteInputs = new boolean[discreteInputs];
        this.holdingRegisters = new int[holdingRegisters];
        this.inputRegisters = new int[inputRegisters];
    }

    @Override
    public synchronized boolean[] readCoils(int address, int quantity) throws ModbusExceptionResponse {
        check(coils.length, address, quantity);
        return Arrays.copyOfRange(coils, address, address + quantity);
    }

    @Override
    public synchronized boolean[] readDiscreteInputs(int address, int quantity) throws ModbusExceptionResponse {
        check(discreteInputs.length, address, quantity);
        return Arrays.copyOfRange(discreteInputs, address, address + quantity);
    }

    @Override
    public synchronized int[] readHoldingRegisters(int address, int quantity) throws ModbusExceptionResponse {
        check(holdingRegisters.length, address, quantity);
        return Arrays.copyOfRange(holdingRegisters, address, address + quantity);
    }

    @Override
    public synchronized int[] readInputRegisters(int address, int quantity) throws ModbusExceptionResponse {
        check(inputRegisters.length, address, quantity);
        return Arrays.copyOfRange(inputRegisters, address, address + quantity);
    }

    @Override
    public synchronized void writeCoils(int address, boolean[] values) throws ModbusExceptionResponse {
        check(coils.length, address, values.length);
        System.arraycopy(values, 0, coils, address, values.length);
    }

    @Override
    public synchronized void writeRegisters(int address, int[] values) throws ModbusExceptionResponse {
        check(holdingRegisters.length, address, values.length);
        System.arraycopy(values, 0, holdingRegisters, address, values.length);
    }

    public synchronized void setCoil(int address, boolean value) {
        coils[address] = value;
    }

    public synchronized void setDiscreteInput(int address, boolean value) {
        discreteInputs[address] = value;
    }

    public synchronized void setHoldingRegister(int address, int value) {
        holdingRegisters[address] = value;
    }

    public synchronized void setInputRegister(int address, int value) {
        inputRegisters[address] = value;
    }

    public synchronized int holdingRegister(int address) {
        return holdingRegisters[address];
    }

    public synchronized boolean coil(int address) {
        return coils[address];
    }

    private static void check(int size, int address, int quantity) throws ModbusExceptionResponse {
        if (address < 0 || quantity < 1 || address + quantity > size) {
            throw new ModbusExceptionResponse(ModbusFunction.ILLEGAL_DATA_ADDRESS,
                    "address " + address + " quantity " + quantity + " outside 0.." + (size - 1));
        }
    }
}
