#!/usr/bin/python3
"""Modbus RTU slave on PORT with pymodbus 3.0 (Debian python3-pymodbus + python3-serial-asyncio).
Unit UNIT serves: holding registers 0..9 = 100..109, input registers 0..9 = 200..209,
coils 0..15 = 1,0,1,0,...  Prints READY once it listens.
usage: modbus_slave.py PORT BAUD UNIT"""
import asyncio
import sys

from pymodbus.datastore import ModbusSequentialDataBlock, ModbusServerContext, ModbusSlaveContext
from pymodbus.framer.rtu_framer import ModbusRtuFramer
from pymodbus.server import StartAsyncSerialServer

port, baud, unit = sys.argv[1], int(sys.argv[2]), int(sys.argv[3])

# pymodbus 3.0 blocks add 1 to the wire address, so each block starts at 1 for wire address 0.
store = ModbusSlaveContext(
    hr=ModbusSequentialDataBlock(1, [100 + i for i in range(10)]),
    ir=ModbusSequentialDataBlock(1, [200 + i for i in range(10)]),
    co=ModbusSequentialDataBlock(1, [i % 2 == 0 for i in range(16)]),
    di=ModbusSequentialDataBlock(1, [True] * 16),
)
context = ModbusServerContext(slaves={unit: store}, single=False)


async def main():
    # The framer must be named: 3.0 defaults to ASCII.
    server = await StartAsyncSerialServer(context=context, framer=ModbusRtuFramer, port=port, baudrate=baud,
                                          bytesize=8, parity="N", stopbits=1, timeout=0.05, defer_start=True)
    await server.start()
    print("READY", flush=True)
    await server.serve_forever()

asyncio.run(main())
