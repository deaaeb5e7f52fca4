package io.github.nettyserial.examples.peer;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.nettyserial.SerialChannel;
import io.github.nettyserial.SerialEventLoopGroup;
import io.github.nettyserial.examples.testutil.CliRun;
import io.github.nettyserial.examples.testutil.CliRun.Result;
import io.github.nettyserial.examples.modbus.InMemoryModbusDataModel;
import io.github.nettyserial.examples.modbus.ModbusExceptionResponse;
import io.github.nettyserial.examples.modbus.ModbusRequest;
import io.github.nettyserial.examples.modbus.ModbusResponse;
import io.github.nettyserial.examples.modbus.ModbusRtuFrameDecoder;
import io.github.nettyserial.examples.modbus.ModbusRtuFrameDecoder.Direction;
import io.github.nettyserial.examples.modbus.ModbusRtuFrameEncoder;
import io.github.nettyserial.examples.modbus.ModbusRtuMaster;
import io.github.nettyserial.examples.modbus.ModbusRtuSlave;
import io.github.nettyserial.examples.modbus.ModbusTimeoutException;
import io.github.nettyserial.testkit.VirtualSerialPair;
import io.netty.channel.ChannelHandler;
import io.netty.channel.EventLoopGroup;
import io.netty.util.concurrent.Future;
import java.time.Duration;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** Our Modbus RTU master and slave against pymodbus 3.0's slave and master, on a virtual serial pair. */
class ModbusPeerTest {

    private static final int BAUD = 19_200;
    private static EventLoopGroup group;

    @BeforeAll
    static void peers() throws Exception {
        Peer.requirePython("pymodbus", "python3-pymodbus");
        Peer.requirePython("serial_asyncio", "python3-serial-asyncio");
        group = new SerialEventLoopGroup(1);
    }

    @AfterAll
    static void stop() {
        group.shutdownGracefully(0, 1, java.util.concurrent.TimeUnit.SECONDS).syncUninterruptibly();
    }

    static SerialChannel open(String path, ChannelHandler... handlers) throws InterruptedException {
        return PeerChannels.open(group, path, BAUD, handlers);
    }

    private static Peer pymodbusSlave(String path) throws Exception {
        Peer slave = Peer.start("pymodbus-slave", null, Peer.PYTHON, Peer.script("modbus_slave.py"), path,
                String.valueOf(BAUD), "1");
        slave.awaitLine("READY", Duration.ofSeconds(20));
        return slave;
    }

    @Test
    void ourMasterAgainstPymodbusSlave() throws Exception {
        try (VirtualSerialPair pair = VirtualSerialPair.open(); Peer slave = pymodbusSlave(pair.b().path())) {
            ModbusRtuMaster master = new ModbusRtuMaster(BAUD, Duration.ofSeconds(3)); // generous: CI machines are loaded
            SerialChannel ch = open(pair.a().path(), new ModbusRtuFrameDecoder(Direction.RESPONSES, BAUD),
                    new ModbusRtuFrameEncoder(), master);
            try {
                assertArrayEquals(new int[] {100, 101, 102, 103, 104, 105, 106, 107, 108, 109},
                        master.send(ModbusRequest.readHoldingRegisters(1, 0, 10)).get().registers(), slave.report());
                master.send(ModbusRequest.writeSingleRegister(1, 3, 4242)).get();
                assertArrayEquals(new int[] {4242}, master.send(ModbusRequest.readHoldingRegisters(1, 3, 1)).get().registers());
                master.send(ModbusRequest.writeMultipleRegisters(1, 5, 7, 8, 9)).get();
                assertArrayEquals(new int[] {7, 8, 9}, master.send(ModbusRequest.readHoldingRegisters(1, 5, 3)).get().registers());
                assertArrayEquals(new int[] {200, 201}, master.send(ModbusRequest.readInputRegisters(1, 0, 2)).get().registers());
                assertArrayEquals(new boolean[] {true, false, true, false, true, false, true, false},
                        master.send(ModbusRequest.readCoils(1, 0, 8)).get().bits());
                master.send(ModbusRequest.writeSingleCoil(1, 1, true)).get();
                master.send(ModbusRequest.writeMultipleCoils(1, 8, true, true, false)).get();
                ModbusResponse coils = master.send(ModbusRequest.readCoils(1, 0, 11)).get();
                assertArrayEquals(new boolean[] {true, true, true, false, true, false, true, false, true, true, false},
                        coils.bits());
                assertEquals(4, master.send(ModbusRequest.readDiscreteInputs(1, 0, 4)).get().bits().length);

                Future<ModbusResponse> bad = master.send(ModbusRequest.readHoldingRegisters(1, 0x1000, 1)).await();
                assertEquals(2, assertInstanceOf(ModbusExceptionResponse.class, bad.cause()).code());
                Future<ModbusResponse> nobody = master.send(ModbusRequest.readHoldingRegisters(2, 0, 1)).await();
                assertInstanceOf(ModbusTimeoutException.class, nobody.cause());
                // still in step after the timeout
                assertArrayEquals(new int[] {100}, master.send(ModbusRequest.readHoldingRegisters(1, 0, 1)).get().registers());
            } finally {
                ch.close().sync();
            }
        }
    }

    @Test
    void pymodbusMasterAgainstOurSlave() throws Exception {
        InMemoryModbusDataModel model = new InMemoryModbusDataModel(16, 16, 10, 10);
        for (int i = 0; i < 10; i++) {
            model.setHoldingRegister(i, 100 + i);
            model.setInputRegister(i, 200 + i);
        }
        for (int i = 0; i < 16; i += 2) {
            model.setCoil(i, true);
        }
        try (VirtualSerialPair pair = VirtualSerialPair.open()) {
            SerialChannel ch = open(pair.b().path(), new ModbusRtuFrameDecoder(Direction.REQUESTS, BAUD),
                    new ModbusRtuFrameEncoder(), new ModbusRtuSlave(1, model));
            try (Peer master = Peer.start("pymodbus-master", null, Peer.PYTHON, Peer.script("modbus_master.py"),
                    pair.a().path(), String.valueOf(BAUD), "1")) {
                int exit = master.waitFor(Duration.ofSeconds(60));
                assertEquals(0, exit, master.report());
                assertTrue(master.lines().contains("ALL OK []"), master.report());
            } finally {
                ch.close().sync();
            }
        }
        assertEquals(4242, model.holdingRegister(3));
        assertEquals(9, model.holdingRegister(7));
        assertTrue(model.coil(1) && model.coil(9) && !model.coil(10));
    }

    @Test
    void serialModbusCommandReadsAndWritesAPymodbusSlave() throws Exception {
        try (VirtualSerialPair pair = VirtualSerialPair.open(); Peer slave = pymodbusSlave(pair.b().path())) {
            String a = pair.a().path();
            Result read = CliRun.run("modbus", a, "--baud", "19200", "--unit", "1", "--timeout", "3000", "read-holding", "0", "10");
            assertEquals(0, read.code(), read + slave.report());
            assertTrue(read.out().startsWith("HR[0] = 100\nHR[1] = 101\n"), read.out());
            assertTrue(read.out().contains("HR[9] = 109\n"), read.out());

            Result write = CliRun.run("modbus", a, "--baud", "19200", "--timeout", "3000", "write-register", "2", "777");
            assertEquals(0, write.code(), write.toString());
            assertEquals("HR[2] <- 777 (confirmed by unit 1)\n", write.out());
            Result input = CliRun.run("modbus", a, "--baud", "19200", "--timeout", "3000", "read-input", "1", "2");
            assertEquals("IR[1] = 201\nIR[2] = 202\n", input.out());
            Result back = CliRun.run("modbus", a, "--baud", "19200", "--timeout", "3000", "read-holding", "2");
            assertEquals("HR[2] = 777\n", back.out());

            Result exception = CliRun.run("modbus", a, "--baud", "19200", "--timeout", "3000", "read-holding", "4096");
            assertEquals(1, exception.code());
            assertEquals("", exception.out());
            assertEquals(1, exception.err().lines().count(), "one line, no stack trace: " + exception.err());
            assertTrue(exception.err().contains("illegal data address"), exception.err());

            Result timeout = CliRun.run("modbus", a, "--baud", "19200", "--unit", "9", "--timeout", "300", "read-holding", "0");
            assertEquals(1, timeout.code());
            assertTrue(timeout.err().contains("no response from unit 9"), timeout.err());
        }
    }

}
