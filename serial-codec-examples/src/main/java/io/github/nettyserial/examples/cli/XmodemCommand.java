package io.github.nettyserial.examples.cli;

import io.github.nettyserial.SerialChannel;
import io.github.nettyserial.examples.xmodem.XmodemFile;
import io.github.nettyserial.examples.xmodem.XmodemMode;
import io.github.nettyserial.examples.xmodem.XmodemReceiver;
import io.github.nettyserial.examples.xmodem.XmodemSender;
import io.netty.channel.EventLoopGroup;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.ITypeConverter;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;
import picocli.CommandLine.TypeConversionException;

/** {@code serial xmodem send|receive PORT FILE}: file transfer with XMODEM-CRC, XMODEM-1K or YMODEM. */
@Command(name = "xmodem", description = "Send or receive a file with XMODEM-CRC, XMODEM-1K or YMODEM.",
        subcommands = {XmodemCommand.Send.class, XmodemCommand.Receive.class})
final class XmodemCommand {

    /** The options both directions share. */
    static final class Common {
        @Parameters(index = "0", paramLabel = "PORT")
        String port;

        @Parameters(index = "1", paramLabel = "FILE")
        Path file;

        @Mixin
        PortOptions line;

        @Option(names = "--mode", defaultValue = "xmodem", converter = ModeConverter.class,
                description = "xmodem (128-byte blocks, CRC), xmodem-1k or ymodem (default ${DEFAULT-VALUE}).")
        XmodemMode mode;

        @Option(names = "--timeout", defaultValue = "60", paramLabel = "SECONDS",
                description = "How long to wait for the other side to start (default ${DEFAULT-VALUE}).")
        int timeoutSeconds;
    }

    @Command(name = "send", description = "Send FILE; start the receiver first or within --timeout.")
    static final class Send implements Callable<Integer> {
        @Spec
        CommandSpec spec;

        @Mixin
        Common c;

        @Override
        public Integer call() throws Exception {
            byte[] content = Files.readAllBytes(c.file);
            XmodemSender sender = new XmodemSender(c.mode, c.file.getFileName().toString(), content,
                    Duration.ofSeconds(c.timeoutSeconds), Duration.ofSeconds(10));
            long start;
            EventLoopGroup group = Ports.newGroup();
            try {
                // In the pipeline from the start: a C that is already waiting must reach it.
                SerialChannel ch = Ports.open(group, c.port, c.line, sender);
                start = System.nanoTime();
                // A receiver asks with C (or NAK) every few seconds; a UART drops one sent while the port was closed.
                spec.commandLine().getErr().println("waiting for the receiver on " + c.port + " to start ("
                        + c.mode.name().toLowerCase(Locale.ROOT).replace('_', '-') + ")");
                spec.commandLine().getErr().flush();
                sender.result().await();
                ch.drain().awaitUninterruptibly();
                ch.close().syncUninterruptibly();
            } finally {
                Ports.shutdown(group);
            }
            if (!sender.result().isSuccess()) {
                throw (Exception) sender.result().cause();
            }
            spec.commandLine().getOut().println("sent " + c.file + ": " + rate(content.length, start));
            return 0;
        }
    }

    @Command(name = "receive", description = "Receive into FILE (with ymodem FILE may be a directory).")
    static final class Receive implements Callable<Integer> {
        @Spec
        CommandSpec spec;

        @Mixin
        Common c;

        @Option(names = "--max-size", defaultValue = "67108864", paramLabel = "BYTES",
                description = "Refuse larger files (default ${DEFAULT-VALUE}).")
        int maxSize;

        @Override
        public Integer call() throws Exception {
            XmodemReceiver receiver = new XmodemReceiver(c.mode, maxSize);
            long start;
            EventLoopGroup group = Ports.newGroup();
            List<XmodemFile> files;
            try {
                SerialChannel ch = Ports.open(group, c.port, c.line, receiver);
                start = System.nanoTime();
                receiver.result().await();
                ch.drain().awaitUninterruptibly();
                ch.close().syncUninterruptibly();
                if (!receiver.result().isSuccess()) {
                    throw (Exception) receiver.result().cause();
                }
                files = receiver.result().getNow();
            } finally {
                Ports.shutdown(group);
            }
            for (XmodemFile f : files) {
                Path target = Files.isDirectory(c.file) && f.name() != null
                        ? c.file.resolve(Path.of(f.name()).getFileName()) : c.file;
                Files.write(target, f.content());
                spec.commandLine().getOut().println("received " + target + ": " + rate(f.content().length, start));
                if (!Files.isDirectory(c.file)) {
                    break;
                }
            }
            return 0;
        }
    }

    static String rate(long bytes, long startNanos) {
        double seconds = (System.nanoTime() - startNanos) / 1e9;
        return String.format(Locale.ROOT, "%d bytes in %.2f s (%.1f kB/s)", bytes, seconds, bytes / 1000.0 / seconds);
    }

    static final class ModeConverter implements ITypeConverter<XmodemMode> {
        @Override
        public XmodemMode convert(String value) {
            try {
                return XmodemMode.valueOf(value.toUpperCase(Locale.ROOT).replace('-', '_'));
            } catch (IllegalArgumentException e) {
                throw new TypeConversionException("'" + value + "' is not xmodem, xmodem-1k or ymodem");
            }
        }
    }
}
