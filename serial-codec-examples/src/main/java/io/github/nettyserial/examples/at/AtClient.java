package io.github.nettyserial.examples.at;

import io.github.nettyserial.examples.client.RequestClient;
import io.netty.buffer.ByteBufUtil;
import io.netty.channel.ChannelHandlerContext;
import io.netty.util.concurrent.Future;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.TimeUnit;

/**
 * Sends AT commands one at a time and collects their answers: {@link #send(String)} writes the command with
 * CR and completes with an {@link AtResponse} on {@code OK} (or {@code CONNECT}), or fails with an
 * {@link AtCommandException} on an error result code or when no final result code comes within the timeout.
 * The command's echo is skipped. Lines that start with one of the unsolicited prefixes ({@code RING},
 * {@code +CMTI:}, ...) are fired as {@link AtUnsolicitedEvent} user events, unless they answer the command in
 * flight (a {@code +CREG:} line answers {@code AT+CREG?}); so is any line while no command is in flight.
 * Place it after an {@link AtLineDecoder}; one instance per channel.
 */
public class AtClient extends RequestClient<AtClient.Command, AtResponse> {

    /** Unsolicited result codes of common modems (V.250, 3GPP TS 27.005/27.007). */
    public static final Set<String> DEFAULT_UNSOLICITED = Set.of("RING", "+CRING:", "+CLIP:", "+CMTI:", "+CMT:",
            "+CDS:", "+CBM:", "+CREG:", "+CGREG:", "+CEREG:", "+CUSD:", "+CIEV:");

    private static final Set<String> ERRORS = Set.of("ERROR", "NO CARRIER", "BUSY", "NO ANSWER", "NO DIALTONE");

    private final long timeoutNanos;
    private final Set<String> unsolicited;

    /** A client with a 5 s command timeout and the {@link #DEFAULT_UNSOLICITED} prefixes. */
    public AtClient() {
        this(Duration.ofSeconds(5), DEFAULT_UNSOLICITED);
    }

    public AtClient(Duration timeout, Set<String> unsolicitedPrefixes) {
        super(0);
        this.timeoutNanos = timeout.toNanos();
        this.unsolicited = Set.copyOf(unsolicitedPrefixes);
    }

    /** Queues {@code command} (e.g. {@code "AT+CSQ"}, without CR); may be called from any thread. */
    public Future<AtResponse> send(String command) {
        if (command.indexOf('\r') >= 0 || command.indexOf('\n') >= 0) {
            throw new IllegalArgumentException("command must not contain CR or LF: " + command);
        }
        return submit(new Command(command, new ArrayList<>()));
    }

    @Override
    public void channelRead(ChannelHandlerContext ctx, Object msg) {
        if (!(msg instanceof String line)) {
            ctx.fireChannelRead(msg);
            return;
        }
        Pending<Command, AtResponse> p = inFlight();
        if (p == null) {
            ctx.fireUserEventTriggered(new AtUnsolicitedEvent(line));
            return;
        }
        Command c = p.request();
        if (c.lines.isEmpty() && line.equalsIgnoreCase(c.command)) {
            return; // echo
        }
        if (line.equals("OK") || line.startsWith("CONNECT")) {
            complete(p, new AtResponse(c.command, c.lines, line), null);
        } else if (ERRORS.contains(line) || line.startsWith("+CME ERROR:") || line.startsWith("+CMS ERROR:")) {
            complete(p, null, new AtCommandException(c.command, line, line));
        } else if (isUnsolicited(line) && !answers(c.command, line)) {
            ctx.fireUserEventTriggered(new AtUnsolicitedEvent(line));
        } else {
            c.lines.add(line);
        }
    }

    private boolean isUnsolicited(String line) {
        for (String prefix : unsolicited) {
            if (line.startsWith(prefix)) {
                return true;
            }
        }
        return false;
    }

    /** Whether {@code line} is the information response of {@code command}: AT+CREG? answers with +CREG: ... */
    private static boolean answers(String command, String line) {
        if (command.length() < 4 || !command.regionMatches(true, 0, "AT+", 0, 3)) {
            return false;
        }
        int end = 3;
        while (end < command.length() && Character.isLetterOrDigit(command.charAt(end))) {
            end++;
        }
        return line.regionMatches(true, 0, command, 2, end - 2) && line.length() > end - 2
                && line.charAt(end - 2) == ':';
    }

    /** The command is now in flight: write it with CR, and give it the timeout. */
    @Override
    protected void write(ChannelHandlerContext ctx, Pending<Command, AtResponse> p) {
        String command = p.request().command;
        ctx.writeAndFlush(ByteBufUtil.writeAscii(ctx.alloc(), command + "\r")).addListener(f -> {
            if (!f.isSuccess()) {
                complete(p, null, f.cause());
            }
        });
        schedule(p, () -> complete(p, null, new AtCommandException(command, null,
                "no final result code within " + TimeUnit.NANOSECONDS.toMillis(timeoutNanos) + " ms")), timeoutNanos);
    }

    /** A command and the information lines collected for it so far. */
    record Command(String command, List<String> lines) {
    }
}
