package io.github.nettyserial.examples.cli;

import io.github.nettyserial.FlowControl;
import io.github.nettyserial.Parity;
import io.github.nettyserial.SerialChannelOption;
import io.github.nettyserial.StopBits;
import io.netty.bootstrap.Bootstrap;
import java.util.Locale;
import picocli.CommandLine.ITypeConverter;
import picocli.CommandLine.Option;
import picocli.CommandLine.TypeConversionException;

/** The line options every command that opens a port takes. */
final class PortOptions {

    @Option(names = "--baud", defaultValue = "9600", paramLabel = "N", description = "Baud rate (default ${DEFAULT-VALUE}).")
    int baud;

    @Option(names = "--data-bits", defaultValue = "8", paramLabel = "5..8", description = "Data bits (default ${DEFAULT-VALUE}).")
    int dataBits;

    @Option(names = "--parity", defaultValue = "none", paramLabel = "P", converter = ParityConverter.class,
            description = "none, odd, even, mark or space, or N, O, E, M, S (default ${DEFAULT-VALUE}).")
    Parity parity;

    @Option(names = "--stop-bits", defaultValue = "1", paramLabel = "S", converter = StopBitsConverter.class,
            description = "1, 1.5 or 2 (default ${DEFAULT-VALUE}).")
    StopBits stopBits;

    @Option(names = "--flow", defaultValue = "none", paramLabel = "F", converter = FlowConverter.class,
            description = "none, rts-cts, dsr-dtr or xon-xoff (default ${DEFAULT-VALUE}).")
    FlowControl flow;

    /** Bootstrap only logs a refused option, so bad values are refused here, with the option's name. */
    void validate() throws Errors.UsageException {
        if (baud <= 0) {
            throw new Errors.UsageException("--baud", baud, "a positive rate");
        }
        if (dataBits < 5 || dataBits > 8) {
            throw new Errors.UsageException("--data-bits", dataBits, "5, 6, 7 or 8");
        }
    }

    void apply(Bootstrap b) throws Errors.UsageException {
        validate();
        b.option(SerialChannelOption.BAUD_RATE, baud)
                .option(SerialChannelOption.DATA_BITS, dataBits)
                .option(SerialChannelOption.PARITY, parity)
                .option(SerialChannelOption.STOP_BITS, stopBits)
                .option(SerialChannelOption.FLOW_CONTROL, flow);
    }

    /** For messages: {@code 9600 8N1}. */
    String describe() {
        String stop = switch (stopBits) {
            case ONE -> "1";
            case ONE_POINT_FIVE -> "1.5";
            case TWO -> "2";
        };
        return baud + " " + dataBits + parity.name().charAt(0) + stop
                + (flow == FlowControl.NONE ? "" : " " + flow.name().toLowerCase().replace('_', '-'));
    }

    /** The names, or pyserial's single letters N, O, E, M, S; any case. */
    static final class ParityConverter implements ITypeConverter<Parity> {
        @Override
        public Parity convert(String value) {
            String v = value.toUpperCase(Locale.ROOT);
            for (Parity p : Parity.values()) {
                if (p.name().equals(v) || p.name().substring(0, 1).equals(v)) {
                    return p;
                }
            }
            throw new TypeConversionException("'" + value + "' is not none, odd, even, mark or space (or N, O, E, M, S)");
        }
    }

    static final class StopBitsConverter implements ITypeConverter<StopBits> {
        @Override
        public StopBits convert(String value) {
            return switch (value) {
                case "1" -> StopBits.ONE;
                case "1.5" -> StopBits.ONE_POINT_FIVE;
                case "2" -> StopBits.TWO;
                default -> throw new TypeConversionException("'" + value + "' is not 1, 1.5 or 2");
            };
        }
    }

    static final class FlowConverter implements ITypeConverter<FlowControl> {
        @Override
        public FlowControl convert(String value) {
            try {
                return FlowControl.valueOf(value.toUpperCase(Locale.ROOT).replace('-', '_'));
            } catch (IllegalArgumentException e) {
                throw new TypeConversionException("'" + value + "' is not none, rts-cts, dsr-dtr or xon-xoff");
            }
        }
    }
}
