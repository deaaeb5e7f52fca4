package io.github.nettyserial.examples.cli;

import io.github.nettyserial.ModemLines;
import io.github.nettyserial.SerialChannel;
import io.github.nettyserial.examples.cli.SendCommand.Eol;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.SimpleChannelInboundHandler;
import io.netty.util.concurrent.Future;
import java.io.FileOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.Charset;
import java.nio.charset.IllegalCharsetNameException;
import java.nio.charset.UnsupportedCharsetException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicReference;
import org.jline.reader.EndOfFileException;
import org.jline.reader.LineReader;
import org.jline.reader.LineReaderBuilder;
import org.jline.reader.UserInterruptException;
import org.jline.terminal.Attributes;
import org.jline.terminal.Terminal;
import org.jline.terminal.TerminalBuilder;
import org.jline.utils.NonBlockingReader;
import picocli.CommandLine.Command;
import picocli.CommandLine.ITypeConverter;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.TypeConversionException;

/**
 * {@code serial term PORT}: an interactive terminal, like pyserial's miniterm. Keys go to the port, what
 * arrives goes to the screen (see {@link TermText}); Ctrl+] quits, Ctrl+T opens a menu that changes the line
 * at runtime through {@link SerialChannel#config()}. JLine puts the user's terminal in raw mode and restores
 * it. The keyboard is read by the command's own thread; the port is served by the event loop, which writes
 * to the screen itself: a terminal that cannot keep up then slows the port's reads, as backpressure should.
 */
@Command(name = "term", description = {"An interactive terminal on a port: type to the port, see what arrives.",
        "Ctrl+] quits; Ctrl+T opens the menu (Ctrl+T h lists its keys)."})
final class TermCommand extends PortCommand {

    static final char EXIT_KEY = 0x1D; // Ctrl+]
    static final char MENU_KEY = 0x14; // Ctrl+T
    private static final Duration BREAK = Duration.ofMillis(250);
    private static final String MENU_HELP = "Ctrl+T then: b baud rate, d toggle DTR, r toggle RTS, k send a break,"
            + " m modem lines, e toggle echo, h this help; Ctrl+T Ctrl+T sends Ctrl+T, Ctrl+T Ctrl+] sends Ctrl+]";

    @Option(names = "--encoding", defaultValue = "UTF-8", paramLabel = "CHARSET", converter = CharsetConverter.class,
            description = "Encoding of the port's text (default ${DEFAULT-VALUE}).")
    Charset encoding;

    @Option(names = "--eol", defaultValue = "crlf", paramLabel = "EOL",
            description = "Line ending, both ways: Enter sends it, and it shows as a new line: none, cr, lf or crlf"
                    + " (default ${DEFAULT-VALUE}).")
    Eol eol;

    @Option(names = "--raw", description = "Pass the port's bytes to the screen untouched (control characters too).")
    boolean raw;

    @Option(names = "--hex", description = "Show bytes as hex, one line per read.")
    boolean hex;

    @Option(names = "--echo", description = "Show what is typed (local echo).")
    boolean echo;

    @Option(names = "--timestamps", description = "Start each line on the screen with the time of day.")
    boolean timestamps;

    @Option(names = "--log", paramLabel = "FILE", description = "Also write the bytes that arrive to FILE.")
    Path logFile;

    private Terminal terminal;
    private SerialChannel channel;
    private TermScreen screen;
    private TermText echoText;
    private LineReader prompt;

    @Override
    void validate() {
        if (raw && hex) {
            throw new ParameterException(spec.commandLine(), "--raw and --hex cannot be used together");
        }
    }

    @Override
    int run(EventLoopGroup group) throws Exception {
        AtomicReference<Throwable> failure = new AtomicReference<>();
        try (OutputStream log = openLog();
             Terminal t = TerminalBuilder.builder().system(true).dumb(true).build()) {
            terminal = t;
            screen = new TermScreen(t.writer(), t.output(), timestamps);
            echoText = new TermText(encoding, eol, hex);
            Attributes saved = null;
            try {
                channel = open(group, new PortToScreen(log, failure));
                saved = enterRawMode();
                screen.status("serial term on " + port + " at " + line.describe()
                        + " | quit: Ctrl+] | menu: Ctrl+T, then h for help");
                boolean quit = typeToPort();
                if (!quit) {
                    channel.closeFuture().awaitUninterruptibly();
                    Throwable cause = failure.get();
                    throw cause instanceof Exception e ? e
                            : new Errors.CliException(port + ": the port closed (hung up?)", cause);
                }
                channel.close().syncUninterruptibly();
            } finally {
                if (saved != null) {
                    t.setAttributes(saved);
                }
            }
        }
        return 0;
    }

    private OutputStream openLog() throws Errors.CliException {
        if (logFile == null) {
            return OutputStream.nullOutputStream();
        }
        try {
            return new FileOutputStream(logFile.toFile());
        } catch (IOException e) {
            // The message names the file and the reason: "/tmp/x (Is a directory)".
            throw new Errors.CliException("--log: " + e.getMessage());
        }
    }

    /**
     * Raw mode as JLine makes it, and no signal keys either: Ctrl+C and Ctrl+Z go to the device, as in
     * miniterm. Returns the attributes to restore.
     */
    private Attributes enterRawMode() {
        Attributes saved = terminal.enterRawMode();
        Attributes attributes = terminal.getAttributes();
        attributes.setLocalFlag(Attributes.LocalFlag.ISIG, false);
        terminal.setAttributes(attributes);
        return saved;
    }

    /** The keyboard loop; true when the user quit, false when the port went away or the keyboard ended. */
    private boolean typeToPort() throws IOException {
        NonBlockingReader keys = terminal.reader();
        while (true) {
            int c = nextKey(keys);
            if (c < 0) {
                return channel.isActive();
            }
            if (c == EXIT_KEY) {
                return true;
            }
            if (c == MENU_KEY) {
                int key = nextKey(keys);
                if (key < 0) {
                    return channel.isActive();
                }
                menu((char) key);
                continue;
            }
            StringBuilder typed = new StringBuilder().append((char) c);
            if (Character.isHighSurrogate((char) c)) {
                int low = nextKey(keys);
                if (low >= 0) {
                    typed.append((char) low);
                }
            }
            send(typed.toString());
        }
    }

    /** The next key, or -1 once the keyboard is at its end or the port has closed. */
    private int nextKey(NonBlockingReader keys) throws IOException {
        while (channel.isActive()) {
            // A bounded wait, so that a port that went away ends the loop even while no key is pressed.
            int c = keys.read(100);
            if (c != NonBlockingReader.READ_EXPIRED) {
                return c;
            }
        }
        return -1;
    }

    private void send(String typed) {
        if (!raw && typed.equals("\r")) {
            typed = switch (eol) {
                case NONE, CR -> "\r";
                case LF -> "\n";
                case CRLF -> "\r\n";
            };
        }
        ByteBuf bytes = Unpooled.wrappedBuffer(typed.getBytes(encoding));
        if (echo) {
            if (raw) {
                screen.showRaw(bytes);
            } else {
                screen.show(echoText.render(bytes));
            }
        }
        channel.writeAndFlush(bytes);
    }

    private void menu(char key) throws IOException {
        switch (key) {
            case MENU_KEY, EXIT_KEY -> send(String.valueOf(key));
            case 'b', 'B' -> changeBaudRate();
            case 'd', 'D' -> setLine("DTR", !channel.config().isDtr(), v -> channel.config().setDtr(v));
            case 'r', 'R' -> setLine("RTS", !channel.config().isRts(), v -> channel.config().setRts(v));
            case 'k', 'K' -> report(channel.sendBreak(BREAK), "break sent (" + BREAK.toMillis() + " ms)");
            case 'm', 'M' -> {
                Future<ModemLines> lines = channel.modemLines().awaitUninterruptibly();
                report(lines, lines.isSuccess() ? lines.getNow().toString() : "");
            }
            case 'e', 'E' -> {
                echo = !echo;
                screen.status("local echo " + (echo ? "on" : "off"));
            }
            case 'h', 'H', '?' -> screen.status(MENU_HELP);
            default -> screen.status("no menu key " + TermText.visible(key) + "; " + MENU_HELP);
        }
    }

    private void changeBaudRate() {
        if (prompt == null) {
            prompt = LineReaderBuilder.builder().terminal(terminal).build();
        }
        String answer;
        try {
            screen.status("baud rate now " + channel.config().getBaudRate() + "; a new one, or Enter to keep it");
            answer = prompt.readLine("baud rate: ").trim();
        } catch (UserInterruptException | EndOfFileException e) {
            answer = "";
        }
        if (answer.isEmpty()) {
            screen.status("baud rate kept at " + channel.config().getBaudRate());
            return;
        }
        try {
            int rate = Integer.parseInt(answer);
            channel.config().setBaudRate(rate);
            screen.status("baud rate " + channel.config().getBaudRate());
        } catch (NumberFormatException e) {
            screen.status("baud rate: '" + answer + "' is not a number; kept " + channel.config().getBaudRate());
        } catch (RuntimeException e) {
            screen.status(refusal("baud rate " + answer, e));
        }
    }

    private interface LineSetter {
        void set(boolean on);
    }

    private void setLine(String name, boolean on, LineSetter setter) {
        try {
            setter.set(on);
            screen.status(name + " " + (on ? "on" : "off"));
        } catch (RuntimeException e) {
            screen.status(refusal(name + " " + (on ? "on" : "off"), e));
        }
    }

    private void report(Future<?> done, String success) {
        done.awaitUninterruptibly();
        screen.status(done.isSuccess() ? success : "refused: " + Errors.describe(Errors.unwrap(done.cause())));
    }

    /** A setter's refusal: a ChannelException around the port's typed error, or an IllegalArgumentException. */
    private static String refusal(String what, RuntimeException e) {
        Throwable cause = e.getCause() != null ? e.getCause() : e;
        return what + " refused: " + Errors.describe(cause);
    }

    /** The port's side: what arrives goes to the log and the screen; a failure is kept for the exit. */
    private final class PortToScreen extends SimpleChannelInboundHandler<ByteBuf> {
        private final OutputStream log;
        private final AtomicReference<Throwable> failure;
        private final TermText text = new TermText(encoding, eol, hex);

        PortToScreen(OutputStream log, AtomicReference<Throwable> failure) {
            this.log = log;
            this.failure = failure;
        }

        @Override
        protected void channelRead0(ChannelHandlerContext ctx, ByteBuf msg) throws IOException {
            msg.getBytes(msg.readerIndex(), log, msg.readableBytes());
            log.flush();
            if (raw) {
                screen.showRaw(msg);
            } else {
                screen.show(text.render(msg));
            }
        }

        @Override
        public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
            failure.compareAndSet(null, cause);
            ctx.close();
        }
    }

    static final class CharsetConverter implements ITypeConverter<Charset> {
        @Override
        public Charset convert(String value) {
            try {
                return Charset.forName(value);
            } catch (IllegalCharsetNameException | UnsupportedCharsetException e) {
                throw new TypeConversionException("'" + value + "' is not an encoding this Java knows"
                        + " (e.g. UTF-8, ISO-8859-1, windows-1252)");
            }
        }
    }
}
