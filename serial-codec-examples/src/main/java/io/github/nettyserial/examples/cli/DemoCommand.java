package io.github.nettyserial.examples.cli;

import io.github.nettyserial.SerialChannel;
import io.github.nettyserial.examples.modbus.InMemoryModbusDataModel;
import io.github.nettyserial.examples.modbus.ModbusExceptionResponse;
import io.github.nettyserial.examples.modbus.ModbusRequest;
import io.github.nettyserial.examples.modbus.ModbusResponse;
import io.github.nettyserial.examples.modbus.ModbusRtuFrameDecoder;
import io.github.nettyserial.examples.modbus.ModbusRtuFrameEncoder;
import io.github.nettyserial.examples.modbus.ModbusRtuMaster;
import io.github.nettyserial.examples.modbus.ModbusRtuSlave;
import io.github.nettyserial.testkit.VirtualSerialPair;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.EventLoopGroup;
import io.netty.util.concurrent.Future;
import java.io.PrintWriter;
import java.time.Duration;
import java.util.Arrays;
import java.util.Locale;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code serial demo}: a Modbus RTU master and a slave talking over a virtual serial pair (two linked
 * pseudo-terminals), both {@link SerialChannel}s on one event loop thread. Needs no device.
 */
@Command(name = "demo", description = "Run a Modbus RTU master against a slave over a virtual serial pair; no device needed.")
final class DemoCommand implements Callable<Integer> {

    @Spec
    CommandSpec spec;

    @Mixin
    PortOptions line;

    @Option(names = "--rounds", defaultValue = "1", paramLabel = "N", description = "Run the request script N times, 1 or more (default ${DEFAULT-VALUE}).")
    int rounds;

    @Override
    public Integer call() throws Exception {
        Errors.atLeast("--rounds", rounds, 1);
        line.validate();
        if (!System.getProperty("os.name", "").toLowerCase(Locale.ROOT).contains("linux")) {
            throw new Errors.CliException("the demo needs pseudo-terminals, which this testkit has on Linux only");
        }
        PrintWriter out = spec.commandLine().getOut();
        InMemoryModbusDataModel model = new InMemoryModbusDataModel(16, 16, 10, 10);
        for (int i = 0; i < 10; i++) {
            model.setHoldingRegister(i, 100 + i);
            model.setInputRegister(i, 200 + i);
        }
        ModbusRtuMaster master = new ModbusRtuMaster(line.baud, Duration.ofSeconds(1));
        EventLoopGroup group = Ports.newGroup();
        try (VirtualSerialPair pair = VirtualSerialPair.open()) {
            SerialChannel slave = Ports.open(group, pair.b().path(), line, new ChannelInitializer<SerialChannel>() {
                @Override
                protected void initChannel(SerialChannel c) {
                    c.pipeline().addLast(new ModbusRtuFrameDecoder(ModbusRtuFrameDecoder.Direction.REQUESTS, line.baud),
                            new ModbusRtuFrameEncoder(), new ModbusRtuSlave(1, model));
                }
            });
            SerialChannel masterChannel = Ports.open(group, pair.a().path(), line, new ChannelInitializer<SerialChannel>() {
                @Override
                protected void initChannel(SerialChannel c) {
                    c.pipeline().addLast(new ModbusRtuFrameDecoder(ModbusRtuFrameDecoder.Direction.RESPONSES, line.baud),
                            new ModbusRtuFrameEncoder(), master);
                }
            });
            out.println("serial demo: Modbus RTU master on " + pair.a().path() + " -> slave unit 1 on "
                    + pair.b().path() + " (virtual serial pair, " + line.describe() + ", one event loop thread)");
            ModbusRequest[] script = {
                ModbusRequest.readHoldingRegisters(1, 0, 10),
                ModbusRequest.writeSingleRegister(1, 3, 4242),
                ModbusRequest.readHoldingRegisters(1, 3, 1),
                ModbusRequest.writeMultipleRegisters(1, 5, 7, 8, 9),
                ModbusRequest.readInputRegisters(1, 0, 2),
                ModbusRequest.writeSingleCoil(1, 1, true),
                ModbusRequest.readCoils(1, 0, 8),
                ModbusRequest.readHoldingRegisters(1, 100, 1), // outside the table: exception 02
            };
            double[] rtts = new double[script.length * rounds];
            int n = 0;
            for (int round = 0; round < rounds; round++) {
                for (ModbusRequest request : script) {
                    long t0 = System.nanoTime();
                    Future<ModbusResponse> f = master.send(request).await();
                    double ms = (System.nanoTime() - t0) / 1e6;
                    rtts[n++] = ms;
                    if (round == 0) {
                        out.println(String.format(Locale.ROOT, "  %-34s %-52s %7.2f ms", label(request), result(f), ms));
                    }
                    if (!f.isSuccess() && !(f.cause() instanceof ModbusExceptionResponse)) {
                        throw new Errors.CliException("demo request failed: " + request, f.cause());
                    }
                }
            }
            Arrays.sort(rtts);
            out.println(String.format(Locale.ROOT,
                    "%d round trips: min %.2f ms, median %.2f ms, max %.2f ms (wall-clock, includes the pty bridge)",
                    n, rtts[0], rtts[n / 2], rtts[n - 1]));
            masterChannel.close().syncUninterruptibly();
            slave.close().syncUninterruptibly();
        } finally {
            Ports.shutdown(group);
        }
        return 0;
    }

    /** {@code read-holding 0..9}, {@code write-register 3 = 4242}, ... */
    static String label(ModbusRequest r) {
        int a = r.address();
        String range = r.quantity() == 1 ? String.valueOf(a) : a + ".." + (a + r.quantity() - 1);
        return switch (r.function()) {
            case 1 -> "read-coils " + range;
            case 2 -> "read-discrete-inputs " + range;
            case 3 -> "read-holding " + range;
            case 4 -> "read-input " + range;
            case 5 -> "write-coil " + a + " = " + (r.values()[0] != 0 ? "on" : "off");
            case 6 -> "write-register " + a + " = " + r.values()[0];
            case 15 -> "write-coils " + range;
            default -> "write-registers " + range + " = " + Arrays.toString(r.values());
        };
    }

    private static String result(Future<ModbusResponse> f) {
        if (!f.isSuccess()) {
            return "-> " + f.cause().getMessage().replaceFirst(":.*", "");
        }
        ModbusResponse r = f.getNow();
        if (r.request().isWrite()) {
            return "-> ok";
        }
        int fc = r.request().function();
        if (fc <= 2) {
            StringBuilder bits = new StringBuilder("-> ");
            for (boolean b : r.bits()) {
                bits.append(b ? '1' : '0');
            }
            return bits.toString();
        }
        return "-> " + Arrays.toString(r.registers());
    }
}
