#!/usr/bin/python3
"""Modbus RTU master on PORT with pymodbus 3.0, run against a slave whose unit UNIT has
holding registers 0..9 = 100..109, input registers 0..9 = 200..209, coils 0..7 = 1,0,1,0,...
Exits 0 when every answer is the expected one; prints each step.
usage: modbus_master.py PORT BAUD UNIT"""
import sys

from pymodbus.client import ModbusSerialClient
from pymodbus.framer.rtu_framer import ModbusRtuFramer

port, baud, unit = sys.argv[1], int(sys.argv[2]), int(sys.argv[3])
c = ModbusSerialClient(port=port, framer=ModbusRtuFramer, baudrate=baud, bytesize=8, parity="N",
                       stopbits=1, timeout=2)
if not c.connect():
    print("cannot open", port)
    sys.exit(2)
failures = []


def check(name, got, want):
    print(name, got, flush=True)
    if got != want:
        failures.append("%s: got %r, want %r" % (name, got, want))


check("FC03 HR[0..9]", c.read_holding_registers(0, 10, slave=unit).registers, [100 + i for i in range(10)])
check("FC06 write HR[3]=4242", c.write_register(3, 4242, slave=unit).isError(), False)
check("FC03 HR[3]", c.read_holding_registers(3, 1, slave=unit).registers, [4242])
check("FC16 write HR[5..7]", c.write_registers(5, [7, 8, 9], slave=unit).isError(), False)
check("FC03 HR[5..7]", c.read_holding_registers(5, 3, slave=unit).registers, [7, 8, 9])
check("FC04 IR[0..1]", c.read_input_registers(0, 2, slave=unit).registers, [200, 201])
check("FC05 write coil 1", c.write_coil(1, True, slave=unit).isError(), False)
check("FC15 write coils 8..10", c.write_coils(8, [True, True, False], slave=unit).isError(), False)
check("FC01 coils[0..7]", c.read_coils(0, 8, slave=unit).bits[:8], [True, True, True, False, True, False, True, False])
check("FC02 inputs[0..3]", c.read_discrete_inputs(0, 4, slave=unit).bits[:4], [False, False, False, False])
bad = c.read_holding_registers(100, 1, slave=unit)
check("FC03 HR[100] exception", getattr(bad, "exception_code", None), 2)
c.close()
print("FAILURES" if failures else "ALL OK", failures, flush=True)
sys.exit(1 if failures else 0)
