package io.github.nettyserial.examples.cli;

import java.io.PrintWriter;
import java.util.Arrays;
import java.util.List;
import java.util.logging.Level;
import java.util.logging.Logger;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.ScopeType;

/**
 * {@code serial}: list, watch and talk to serial ports from the command line, and run the framed protocols of
 * this module against real devices. {@code serial demo} needs no device. See docs/cli.md.
 */
@Command(name = "serial", mixinStandardHelpOptions = true, version = "serial 0.1.0 (netty-serial)",
        description = "Serial ports from the command line, on netty-serial.",
        exitCodeListHeading = "%nExit codes:%n",
        exitCodeList = {"0:done", "1:failed at run time (the port, the device, a file)",
            "2:bad usage (an unknown option, a value out of range)"})
public final class SerialTool {

    /** The subcommands, in the order of the help. */
    private static final List<Class<?>> COMMANDS = List.of(ListCommand.class, MonitorCommand.class,
            TermCommand.class, SendCommand.class, BridgeCommand.class, ModbusCommand.class, NmeaCommand.class,
            XmodemCommand.class, DemoCommand.class, HelpCommand.class);

    /** Held so that the level set on it stays (java.util.logging keeps loggers weakly). */
    private static final Logger NETTY_LOG = Logger.getLogger("io.netty");

    @Option(names = "--debug", scope = ScopeType.INHERIT, description = "Print stack traces of errors.")
    boolean debug;

    public static void main(String[] args) {
        System.exit(execute(args, new PrintWriter(System.out, true), new PrintWriter(System.err, true)));
    }

    /** Runs the tool; returns the exit code: 0 done, 1 failed, 2 bad usage. */
    public static int execute(String[] args, PrintWriter out, PrintWriter err) {
        boolean debug = Arrays.asList(args).contains("--debug");
        // Netty logs through java.util.logging here; its warnings carry stack traces, which only --debug shows.
        NETTY_LOG.setLevel(debug ? Level.INFO : Level.SEVERE);
        int code = commandLine(out, err, debug, args).execute(args);
        out.flush();
        err.flush();
        return code;
    }

    /** The whole command tree, every command with {@code --help}. */
    static CommandLine commandLine(PrintWriter out, PrintWriter err, boolean debug) {
        return commandLine(out, err, debug, new String[0]);
    }

    /**
     * The command tree for {@code args} (only the command they name, see {@link #addSubcommands}), every command
     * with {@code --help}; errors are reported as documented in docs/cli.md.
     */
    private static CommandLine commandLine(PrintWriter out, PrintWriter err, boolean debug, String[] args) {
        CommandLine cmd = new CommandLine(new SerialTool());
        addSubcommands(cmd, args);
        cmd.setCaseInsensitiveEnumValuesAllowed(true)
                .setOut(out)
                .setErr(err)
                .setExecutionExceptionHandler((e, commandLine, parseResult) -> {
                    Throwable cause = Errors.unwrap(e);
                    commandLine.getErr().println(name(commandLine) + ": " + Errors.describe(cause));
                    if (debug) {
                        cause.printStackTrace(commandLine.getErr());
                    }
                    if (cause instanceof Errors.UsageException) {
                        commandLine.getErr().println("Try '" + name(commandLine) + " --help' for more information.");
                        commandLine.getErr().flush();
                        return 2;
                    }
                    commandLine.getErr().flush();
                    return 1;
                });
        withHelpOptions(cmd);
        return cmd;
    }

    /** {@code --help} (and {@code --version}) on every command, nested ones too. */
    private static void withHelpOptions(CommandLine cmd) {
        cmd.getCommandSpec().mixinStandardHelpOptions(true);
        cmd.getSubcommands().values().forEach(SerialTool::withHelpOptions);
    }

    /** {@code serial xmodem send}. */
    static String name(CommandLine commandLine) {
        return commandLine.getCommandSpec().qualifiedName();
    }

    /**
     * Adds only the subcommand that {@code args} names, or all of them for the help, an unknown name or none:
     * picocli reads every added command's annotations at once, and that is the larger part of start-up.
     */
    private static void addSubcommands(CommandLine cmd, String[] args) {
        String first = "";
        for (String arg : args) {
            if (!arg.startsWith("-")) {
                first = arg;
                break;
            }
        }
        for (Class<?> c : COMMANDS) {
            if (c != HelpCommand.class && c.getAnnotation(Command.class).name().equals(first)) {
                cmd.addSubcommand(c);
                return;
            }
        }
        for (Class<?> c : COMMANDS) {
            cmd.addSubcommand(c);
        }
    }
}
