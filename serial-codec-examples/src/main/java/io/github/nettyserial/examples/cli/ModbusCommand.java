package io.github.nettyserial.examples.cli;

import io.github.nettyserial.SerialChannel;
import io.github.nettyserial.examples.modbus.ModbusRequest;
import io.github.nettyserial.examples.modbus.ModbusResponse;
import io.github.nettyserial.examples.modbus.ModbusRtuFrameDecoder;
import io.github.nettyserial.examples.modbus.ModbusRtuFrameEncoder;
import io.github.nettyserial.examples.modbus.ModbusRtuMaster;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.EventLoopGroup;
import java.io.PrintWriter;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code serial modbus PORT --unit N read-holding|read-input|write-register ...}: one Modbus RTU request. */
@Command(name = "modbus", description = {"Send one Modbus RTU request as master and print the answer:",
    "  read-holding ADDRESS [COUNT]   FC 03",
    "  read-input ADDRESS [COUNT]     FC 04",
    "  write-register ADDRESS VALUE   FC 06"})
final class ModbusCommand extends PortCommand {

    enum Action { READ_HOLDING, READ_INPUT, WRITE_REGISTER }

    @Parameters(index = "1", paramLabel = "ACTION", converter = ActionConverter.class,
            description = "read-holding, read-input or write-register")
    Action action;

    @Parameters(index = "2..*", paramLabel = "ARG", description = "ADDRESS [COUNT], or ADDRESS VALUE")
    List<Integer> args = List.of();

    @Option(names = "--unit", defaultValue = "1", paramLabel = "N", description = "Slave address 1..247 (default ${DEFAULT-VALUE}).")
    int unit;

    @Option(names = "--timeout", defaultValue = "1000", paramLabel = "MS",
            description = "Response timeout in ms, 1 or more (default ${DEFAULT-VALUE}).")
    long timeoutMillis;

    @Override
    void validate() throws Errors.CliException {
        Errors.atLeast("--timeout", timeoutMillis, 1);
        request();
    }

    @Override
    int run(EventLoopGroup group) throws Exception {
        ModbusRequest request = request();
        ModbusRtuMaster master = new ModbusRtuMaster(line.baud, Duration.ofMillis(timeoutMillis));
        SerialChannel ch = open(group, new ChannelInitializer<SerialChannel>() {
            @Override
            protected void initChannel(SerialChannel c) {
                c.pipeline().addLast(new ModbusRtuFrameDecoder(ModbusRtuFrameDecoder.Direction.RESPONSES, line.baud),
                        new ModbusRtuFrameEncoder(), master, new ChannelInboundHandlerAdapter() {
                            @Override
                            public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
                                // line noise; the request times out if its answer was lost
                            }
                        });
            }
        });
        ModbusResponse response = master.send(request).sync().getNow();
        print(spec.commandLine().getOut(), response);
        ch.close().syncUninterruptibly();
        return 0;
    }

    private ModbusRequest request() throws Errors.UsageException {
        try {
            return switch (action) {
                case READ_HOLDING -> ModbusRequest.readHoldingRegisters(unit, arg(0, "ADDRESS"), argOr(1, 1));
                case READ_INPUT -> ModbusRequest.readInputRegisters(unit, arg(0, "ADDRESS"), argOr(1, 1));
                case WRITE_REGISTER -> ModbusRequest.writeSingleRegister(unit, arg(0, "ADDRESS"), arg(1, "VALUE"));
            };
        } catch (IllegalArgumentException e) {
            // "unit: 300 (expected 1..247)" is the --unit option; the others are arguments of the action
            String m = e.getMessage();
            throw new Errors.UsageException(m.startsWith("unit:") ? "--" + m : actionName() + " " + m);
        }
    }

    private int arg(int i, String name) throws Errors.UsageException {
        if (args.size() <= i) {
            throw new Errors.UsageException(actionName(), args, name + " after " + actionName());
        }
        return args.get(i);
    }

    private String actionName() {
        return action.name().toLowerCase(Locale.ROOT).replace('_', '-');
    }

    private int argOr(int i, int otherwise) {
        return args.size() > i ? args.get(i) : otherwise;
    }

    private void print(PrintWriter out, ModbusResponse response) {
        ModbusRequest r = response.request();
        if (r.isWrite()) {
            out.println("HR[" + r.address() + "] <- " + r.values()[0] + " (confirmed by unit " + unit + ")");
            return;
        }
        String table = action == Action.READ_HOLDING ? "HR" : "IR";
        int[] values = response.registers();
        for (int i = 0; i < values.length; i++) {
            out.println(table + "[" + (r.address() + i) + "] = " + values[i]);
        }
    }

    static final class ActionConverter implements picocli.CommandLine.ITypeConverter<Action> {
        @Override
        public Action convert(String value) {
            try {
                return Action.valueOf(value.toUpperCase(Locale.ROOT).replace('-', '_'));
            } catch (IllegalArgumentException e) {
                throw new picocli.CommandLine.TypeConversionException(
                        "'" + value + "' is not read-holding, read-input or write-register");
            }
        }
    }
}
