package io.github.nettyserial.examples.cli;

import io.github.nettyserial.SerialPortInfo;
import io.github.nettyserial.SerialPorts;
import java.io.PrintWriter;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code serial list [-v]}: the ports present, like pyserial's {@code list_ports}. */
@Command(name = "list", description = "List the serial ports present (-v for USB details).")
final class ListCommand implements Callable<Integer> {

    @Spec
    CommandSpec spec;

    @Option(names = {"-v", "--verbose"}, description = "Show hwid, USB ids, serial number, manufacturer, location.")
    boolean verbose;

    @Override
    public Integer call() throws Exception {
        PrintWriter out = spec.commandLine().getOut();
        List<SerialPortInfo> ports = SerialPorts.list();
        for (SerialPortInfo p : ports) {
            out.println(p.device() + "  " + (p.description() == null ? "n/a" : p.description()));
            if (verbose) {
                detail(out, "hwid", p.hwid());
                if (p.isUsb()) {
                    detail(out, "usb", String.format("%04x:%04x", p.vid(), p.pid()));
                }
                detail(out, "serial", p.serialNumber());
                detail(out, "manufacturer", p.manufacturer());
                detail(out, "product", p.product());
                detail(out, "interface", p.interfaceName());
                detail(out, "location", p.location());
                detail(out, "by-id", p.byIdPath());
            }
        }
        spec.commandLine().getErr().println(ports.size() + " port" + (ports.size() == 1 ? "" : "s") + " found");
        return 0;
    }

    private static void detail(PrintWriter out, String name, String value) {
        if (value != null && !value.isEmpty()) {
            out.println("    " + name + ": " + value);
        }
    }
}
