package io.github.nettyserial.examples.cli;

import io.github.nettyserial.SerialPortInfo;
import io.github.nettyserial.SerialPorts;
import java.io.PrintWriter;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import java.util.function.Predicate;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.regex.PatternSyntaxException;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code serial list [-v] [--json] [FILTER]}: the ports present, like pyserial's {@code list_ports}. */
@Command(name = "list", description = "List the serial ports present (-v for USB details, --json for programs).")
final class ListCommand implements Callable<Integer> {

    private static final Pattern VID_PID = Pattern.compile("([0-9a-fA-F]{4}):([0-9a-fA-F]{4})?");

    @Spec
    CommandSpec spec;

    @Option(names = {"-v", "--verbose"}, description = "Show hwid, USB ids, serial number, manufacturer, location.")
    boolean verbose;

    @Option(names = "--json", description = "Print a JSON array of objects, every field included.")
    boolean json;

    @Parameters(arity = "0..1", paramLabel = "FILTER",
            description = "Only ports whose device, description or hwid matches this regular expression "
                    + "(case-insensitive), or USB ids VID:PID (hex, e.g. 0403:6001; 0403: for any PID).")
    String filter;

    @Override
    public Integer call() throws Exception {
        Predicate<SerialPortInfo> wanted = filter == null ? p -> true : filter(filter);
        List<SerialPortInfo> ports = new ArrayList<>();
        for (SerialPortInfo p : SerialPorts.list()) {
            if (wanted.test(p)) {
                ports.add(p);
            }
        }
        PrintWriter out = spec.commandLine().getOut();
        if (json) {
            out.println(json(ports));
        } else {
            for (SerialPortInfo p : ports) {
                text(out, p);
            }
        }
        spec.commandLine().getErr().println(ports.size() + " port" + (ports.size() == 1 ? "" : "s") + " found");
        return 0;
    }

    /** VID:PID (or VID:) matches the USB ids; anything else is a regular expression, as pyserial's grep. */
    static Predicate<SerialPortInfo> filter(String filter) throws Errors.UsageException {
        Matcher ids = VID_PID.matcher(filter);
        if (ids.matches()) {
            int vid = Integer.parseInt(ids.group(1), 16);
            Integer pid = ids.group(2) == null ? null : Integer.parseInt(ids.group(2), 16);
            return p -> p.isUsb() && p.vid() == vid && (pid == null || p.pid() == pid);
        }
        Pattern regex;
        try {
            regex = Pattern.compile(filter, Pattern.CASE_INSENSITIVE);
        } catch (PatternSyntaxException e) {
            throw new Errors.UsageException("FILTER", "'" + filter + "'",
                    "a regular expression or VID:PID; " + e.getDescription() + " at index " + e.getIndex());
        }
        return p -> find(regex, p.device()) || find(regex, p.description()) || find(regex, p.hwid());
    }

    private static boolean find(Pattern regex, String value) {
        return value != null && regex.matcher(value).find();
    }

    private void text(PrintWriter out, SerialPortInfo p) {
        out.println(p.device() + "  " + (p.description() == null ? "n/a" : p.description()));
        if (verbose) {
            detail(out, "hwid", p.hwid());
            if (p.isUsb()) {
                detail(out, "usb", usbIds(p));
            }
            detail(out, "serial", p.serialNumber());
            detail(out, "manufacturer", p.manufacturer());
            detail(out, "product", p.product());
            detail(out, "interface", p.interfaceName());
            detail(out, "location", p.location());
            detail(out, "by-id", p.byIdPath());
        }
    }

    private static String usbIds(SerialPortInfo p) {
        return String.format(Locale.ROOT, "%04x:%04x", p.vid(), p.pid());
    }

    private static void detail(PrintWriter out, String name, String value) {
        if (value != null && !value.isEmpty()) {
            out.println("    " + name + ": " + value);
        }
    }

    /** One object a port; the names of pyserial's ListPortInfo where it has one; unknown values are null. */
    static String json(List<SerialPortInfo> ports) {
        StringBuilder sb = new StringBuilder("[");
        for (SerialPortInfo p : ports) {
            sb.append(sb.length() > 1 ? ",\n " : "\n ").append('{');
            field(sb, "device", p.device(), true);
            field(sb, "name", p.name(), false);
            field(sb, "description", p.description(), false);
            field(sb, "hwid", p.hwid(), false);
            sb.append(", \"vid\": ").append(p.isUsb() ? String.valueOf(p.vid()) : "null");
            sb.append(", \"pid\": ").append(p.isUsb() ? String.valueOf(p.pid()) : "null");
            field(sb, "serial_number", p.serialNumber(), false);
            field(sb, "manufacturer", p.manufacturer(), false);
            field(sb, "product", p.product(), false);
            field(sb, "interface", p.interfaceName(), false);
            field(sb, "location", p.location(), false);
            field(sb, "by_id", p.byIdPath(), false);
            sb.append('}');
        }
        return sb.append(ports.isEmpty() ? "]" : "\n]").toString();
    }

    private static void field(StringBuilder sb, String name, String value, boolean first) {
        sb.append(first ? "" : ", ").append('"').append(name).append("\": ");
        if (value == null) {
            sb.append("null");
            return;
        }
        sb.append('"');
        for (int i = 0; i < value.length(); i++) {
            char c = value.charAt(i);
            switch (c) {
                case '"' -> sb.append("\\\"");
                case '\\' -> sb.append("\\\\");
                case '\n' -> sb.append("\\n");
                case '\t' -> sb.append("\\t");
                case '\r' -> sb.append("\\r");
                default -> {
                    if (c < 0x20) {
                        sb.append(String.format(Locale.ROOT, "\\u%04x", (int) c));
                    } else {
                        sb.append(c);
                    }
                }
            }
        }
        sb.append('"');
    }
}
