package io.github.nettyserial.examples.cli;

import io.github.nettyserial.SerialChannel;
import io.github.nettyserial.examples.xmodem.XmodemFile;
import io.github.nettyserial.examples.xmodem.XmodemMode;
import io.github.nettyserial.examples.xmodem.XmodemReceiver;
import io.github.nettyserial.examples.xmodem.XmodemSender;
import io.netty.channel.ChannelHandler;
import io.netty.channel.EventLoopGroup;
import io.netty.util.concurrent.Future;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import picocli.CommandLine.Command;
import picocli.CommandLine.ITypeConverter;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.TypeConversionException;

/** {@code serial xmodem send|receive PORT FILE}: file transfer with XMODEM-CRC, XMODEM-1K or YMODEM. */
@Command(name = "xmodem", description = "Send or receive a file with XMODEM-CRC, XMODEM-1K or YMODEM.",
        subcommands = {XmodemCommand.Send.class, XmodemCommand.Receive.class})
final class XmodemCommand {

    /** What both directions share. */
    abstract static class Transfer extends PortCommand {
        @Parameters(index = "1", paramLabel = "FILE", description = "The file to send, or where to receive.")
        Path file;

        @Option(names = "--mode", defaultValue = "xmodem", paramLabel = "MODE", converter = ModeConverter.class,
                description = "xmodem (128-byte blocks, CRC), xmodem-1k or ymodem (default ${DEFAULT-VALUE}).")
        XmodemMode mode;

        @Option(names = "--timeout", defaultValue = "60", paramLabel = "SECONDS",
                description = "How long to wait for the other side to start, 1 or more (default ${DEFAULT-VALUE}).")
        int timeoutSeconds;

        @Option(names = "--progress", negatable = true,
                description = "Show bytes, rate and time left on stderr (default: when stderr is a terminal).")
        Boolean progress;

        @Override
        void validate() throws Errors.CliException {
            Errors.atLeast("--timeout", timeoutSeconds, 1);
        }

        /** The progress display, or null. */
        TransferProgress progress() {
            boolean show = progress != null ? progress : TransferProgress.stderrIsTerminal();
            return show ? new TransferProgress(err()) : null;
        }

        /**
         * Opens the port with the transfer's handler in the pipeline from the start (a C already waiting must
         * reach a sender), waits for the end, lets the last bytes leave, closes; returns the result or throws.
         */
        <T> T transfer(EventLoopGroup group, ChannelHandler handler, Future<T> result, TransferProgress display,
                String statusLine) throws Exception {
            SerialChannel ch = open(group, handler);
            status(statusLine);
            result.await();
            ch.drain().awaitUninterruptibly();
            ch.close().syncUninterruptibly();
            if (display != null) {
                display.end();
            }
            if (!result.isSuccess()) {
                throw result.cause() instanceof Exception e ? e : new RuntimeException(result.cause());
            }
            return result.getNow();
        }

        String modeName() {
            return mode.name().toLowerCase(Locale.ROOT).replace('_', '-');
        }
    }

    @Command(name = "send", description = "Send FILE; start the receiver first or within --timeout.")
    static final class Send extends Transfer {

        private byte[] content;

        @Override
        void validate() throws Errors.CliException {
            super.validate();
            try {
                content = Files.readAllBytes(file); // before the port opens: a missing file is reported at once
            } catch (IOException e) {
                throw new Errors.CliException("cannot read FILE", e);
            }
        }

        @Override
        int run(EventLoopGroup group) throws Exception {
            TransferProgress display = progress();
            XmodemSender sender = new XmodemSender(mode, file.getFileName().toString(), content,
                    Duration.ofSeconds(timeoutSeconds), Duration.ofSeconds(10)).progress(display);
            long start = System.nanoTime();
            // A receiver asks with C (or NAK) every few seconds; a UART drops one sent while the port was closed.
            transfer(group, sender, sender.result(), display,
                    "waiting for the receiver on " + port + " to start (" + modeName() + ")");
            out().println("sent " + file + ": " + rate(content.length, start));
            return 0;
        }
    }

    @Command(name = "receive", description = "Receive into FILE (with ymodem FILE may be a directory).")
    static final class Receive extends Transfer {

        @Option(names = "--max-size", defaultValue = "67108864", paramLabel = "BYTES",
                description = "Refuse larger files, 1 or more (default ${DEFAULT-VALUE}).")
        int maxSize;

        @Override
        void validate() throws Errors.CliException {
            super.validate();
            Errors.atLeast("--max-size", maxSize, 1);
            checkTarget();
        }

        /** Before the transfer: the sender would report success for a file we then cannot write. */
        private void checkTarget() throws Errors.CliException {
            Path dir;
            if (Files.isDirectory(file)) {
                if (mode != XmodemMode.YMODEM) {
                    throw new Errors.CliException(file + ": is a directory (only ymodem carries file names)");
                }
                dir = file;
            } else {
                dir = file.toAbsolutePath().getParent();
                if (Files.exists(file) && !Files.isWritable(file)) {
                    throw new Errors.CliException(file + ": not writable");
                }
            }
            if (!Files.isDirectory(dir)) {
                throw new Errors.CliException(file + ": the directory " + dir + " does not exist");
            }
            if (!Files.isWritable(dir)) {
                throw new Errors.CliException(file + ": the directory " + dir + " is not writable");
            }
        }

        @Override
        int run(EventLoopGroup group) throws Exception {
            TransferProgress display = progress();
            XmodemReceiver receiver = new XmodemReceiver(mode, maxSize, Duration.ofSeconds(10),
                    Duration.ofSeconds(timeoutSeconds)).progress(display);
            long start = System.nanoTime();
            List<XmodemFile> files = transfer(group, receiver, receiver.result(), display,
                    "asking the sender on " + port + " to start (" + modeName() + ")");
            for (XmodemFile f : files) {
                Path target = Files.isDirectory(file) && f.name() != null
                        ? file.resolve(Path.of(f.name()).getFileName()) : file;
                Files.write(target, f.content());
                out().println("received " + target + ": " + rate(f.content().length, start));
                if (!Files.isDirectory(file)) {
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
