package io.github.nettyserial.examples.cli;

import java.util.ArrayList;
import java.util.List;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/**
 * {@code serial help [COMMAND...]}: the usage of a command, nested ones included ({@code serial help xmodem
 * send}); picocli's own help command looks one level down only.
 */
@Command(name = "help", helpCommand = true, description = "Show the usage of COMMAND (e.g. help xmodem send).")
final class HelpCommand implements Runnable {

    @Spec
    CommandSpec spec;

    @Parameters(paramLabel = "COMMAND", arity = "0..*", description = "The command, and its subcommand.")
    List<String> names = new ArrayList<>();

    @Override
    public void run() {
        CommandLine target = spec.parent().commandLine();
        for (String name : names) {
            CommandLine sub = target.getSubcommands().get(name);
            if (sub == null) {
                throw new ParameterException(spec.commandLine(), "Unknown command: '" + String.join(" ", names)
                        + "' ('" + target.getCommandSpec().qualifiedName() + "' has "
                        + String.join(", ", target.getSubcommands().keySet()) + ")");
            }
            target = sub;
        }
        target.usage(spec.commandLine().getOut());
    }
}
