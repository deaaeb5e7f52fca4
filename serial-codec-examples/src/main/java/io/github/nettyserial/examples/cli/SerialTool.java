package io.github.nettyserial.examples.cli;

import java.io.PrintWriter;
import java.util.Arrays;
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
            "2:bad usage (an unknown option, a value out of range)"},
        subcommands = {ListCommand.class, MonitorCommand.class, SendCommand.class, BridgeCommand.class,
            ModbusCommand.class, NmeaCommand.class, XmodemCommand.class, DemoCommand.class,
            HelpCommand.class})
public final class SerialTool {

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
        int code = commandLine(out, err, debug).execute(args);
        out.flush();
        err.flush();
        return code;
    }

    /** The command tree, every command with {@code --help}; errors are reported as documented in docs/cli.md. */
    static CommandLine commandLine(PrintWriter out, PrintWriter err, boolean debug) {
        CommandLine cmd = new CommandLine(new SerialTool())
                .setCaseInsensitiveEnumValuesAllowed(true)
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
}
