package io.github.nettyserial.remote;

import static io.github.nettyserial.rfc2217.ComPort.SERVER_OFFSET;

import io.github.nettyserial.FlowControl;
import io.github.nettyserial.ModemLines;
import io.github.nettyserial.ModemLinesChangedEvent;
import io.github.nettyserial.Parity;
import io.github.nettyserial.SerialException;
import io.github.nettyserial.SerialLineErrorEvent;
import io.github.nettyserial.StopBits;
import io.github.nettyserial.UnsupportedSerialConfigurationException;
import io.github.nettyserial.UnsupportedSerialFeatureException;
import io.github.nettyserial.internal.LineCounters;
import io.github.nettyserial.internal.SerialPort;
import io.github.nettyserial.internal.SerialSettings;
import io.github.nettyserial.internal.Unsupported;
import io.github.nettyserial.rfc2217.ComPort;
import io.github.nettyserial.rfc2217.TelnetCommand;
import io.github.nettyserial.rfc2217.TelnetEncoder;
import io.netty.buffer.ByteBuf;
import io.netty.channel.Channel;
import io.netty.channel.ChannelOutboundBuffer;
import io.netty.util.concurrent.Future;
import io.netty.util.concurrent.Promise;
import io.netty.util.concurrent.ScheduledFuture;
import io.netty.util.internal.logging.InternalLogger;
import io.netty.util.internal.logging.InternalLoggerFactory;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * The control side of a remote port: line settings sent as COM-PORT-OPTION commands and taken from the
 * server's answers (the value the server says is in use, never the request on trust), break and purge
 * commands, and the modem and line state the server notifies. Everything runs on the channel's loop.
 */
final class Rfc2217Port implements SerialPort {
    private static final InternalLogger logger = InternalLoggerFactory.getInstance(Rfc2217Port.class);

    /** What a settings change waits for an answer to, one slot per kind of answer. */
    private static final int BAUD = 0;
    private static final int DATA = 1;
    private static final int PARITY = 2;
    private static final int STOP = 3;
    private static final int FLOW = 4;
    private static final int DTR = 5;
    private static final int RTS = 6;
    private static final int SLOTS = 7;
    private static final String[] SLOT_NAMES = {"BAUD_RATE", "DATA_BITS", "PARITY", "STOP_BITS", "FLOW_CONTROL",
        "DTR", "RTS"};

    /** Line-state bits asked for: the error conditions that become {@link SerialLineErrorEvent}s. */
    static final int LINESTATE_MASK = ComPort.LINESTATE_BREAK | ComPort.LINESTATE_FRAMING_ERROR
            | ComPort.LINESTATE_PARITY_ERROR | ComPort.LINESTATE_OVERRUN;

    private final String path;
    private final Channel serial;
    private final long timeoutMillis;
    private Channel tcp;
    private SerialSettings inEffect;
    /** The last NOTIFY-MODEMSTATE, or -1 before the first. */
    private int modemState = -1;
    private int ctsChanges;
    private int dsrChanges;
    private int riChanges;
    private int dcdChanges;
    private int framingErrors;
    private int parityErrors;
    private int overruns;
    private int breaks;
    private Change running;
    private final ArrayDeque<Change> waiting = new ArrayDeque<>();

    /** The settings to send once the server agrees to COM-PORT-OPTION; changes made while connecting land here. */
    private SerialSettings wanted;
    private boolean closed;

    Rfc2217Port(String path, Channel serial, SerialSettings wanted, long timeoutMillis) {
        this.path = path;
        this.serial = serial;
        this.wanted = wanted;
        this.timeoutMillis = timeoutMillis;
    }

    /** The TCP connection is up: commands go there from now on. */
    void connected(Channel tcp) {
        this.tcp = tcp;
        // All modem-state bits, delta bits included (ser2net only notifies when a delta bit is in the mask).
        send(TelnetEncoder.comPort(tcp.alloc(), ComPort.SET_MODEMSTATE_MASK, 0xFF));
        send(TelnetEncoder.comPort(tcp.alloc(), ComPort.SET_LINESTATE_MASK, LINESTATE_MASK));
    }

    SerialSettings settingsInEffect() {
        return inEffect;
    }

    long timeoutMillis() {
        return timeoutMillis;
    }

    private void send(ByteBuf command) {
        tcp.writeAndFlush(command, tcp.voidPromise());
    }

    @Override
    public String path() {
        return path;
    }

    // ---- settings ----

    /** One settings change: what was asked, what the server answered, and who waits for it. */
    private final class Change {
        final SerialSettings previous;
        final SerialSettings next;
        final Promise<SerialSettings> promise;
        final int[] asked = new int[SLOTS];
        final int[] answered = new int[SLOTS];
        int outstanding;
        ScheduledFuture<?> timer;

        Change(SerialSettings previous, SerialSettings next, Promise<SerialSettings> promise) {
            this.previous = previous;
            this.next = next;
            this.promise = promise;
            java.util.Arrays.fill(asked, -1);
            java.util.Arrays.fill(answered, -1);
        }
    }

    @Override
    public Future<SerialSettings> apply(SerialSettings previous, SerialSettings next) {
        Promise<SerialSettings> promise = serial.eventLoop().newPromise();
        if (closed || (tcp != null && !tcp.isActive())) {
            return promise.setFailure(new SerialException(path, SerialException.NO_NATIVE_ERROR,
                    "the connection to the RFC 2217 server is closed"));
        }
        if (wanted != null) {
            // Still connecting: the change goes out with the others once the server agrees; the answers then
            // decide what the config reports.
            wanted = next;
            return promise.setSuccess(next);
        }
        return enqueue(previous, next, promise);
    }

    /** The server agreed to COM-PORT-OPTION: sends every setting wanted. */
    Future<SerialSettings> applyAtConnect() {
        SerialSettings all = wanted;
        wanted = null;
        return enqueue(null, all, serial.eventLoop().newPromise());
    }

    private Future<SerialSettings> enqueue(SerialSettings previous, SerialSettings next, Promise<SerialSettings> promise) {
        Change change = new Change(previous, next, promise);
        if (running == null) {
            start(change);
        } else {
            waiting.add(change); // one change at a time: answers carry no request id
        }
        return promise;
    }

    private void start(Change c) {
        running = c;
        SerialSettings p = c.previous;
        SerialSettings n = c.next;
        if (p == null || p.baudRate() != n.baudRate()) {
            ask(c, BAUD, n.baudRate());
        }
        if (p == null || p.dataBits() != n.dataBits()) {
            ask(c, DATA, n.dataBits());
        }
        if (p == null || p.parity() != n.parity()) {
            ask(c, PARITY, ComPort.parityCode(n.parity()));
        }
        if (p == null || p.stopBits() != n.stopBits()) {
            ask(c, STOP, ComPort.stopSizeCode(n.stopBits()));
        }
        if (p == null || p.flowControl() != n.flowControl()) {
            ask(c, FLOW, ComPort.flowCode(n.flowControl()));
        }
        if (p == null || p.dtr() != n.dtr()) {
            ask(c, DTR, n.dtr() ? ComPort.CONTROL_DTR_ON : ComPort.CONTROL_DTR_OFF);
        }
        if (p == null || p.rts() != n.rts()) {
            ask(c, RTS, n.rts() ? ComPort.CONTROL_RTS_ON : ComPort.CONTROL_RTS_OFF);
        }
        if (c.outstanding == 0) {
            finish(c);
            return;
        }
        tcp.flush();
        c.timer = serial.eventLoop().schedule(() -> finish(c), timeoutMillis, TimeUnit.MILLISECONDS);
    }

    private void ask(Change c, int slot, int value) {
        c.asked[slot] = value;
        c.outstanding++;
        tcp.write(command(slot, value), tcp.voidPromise());
    }

    private ByteBuf command(int slot, int value) {
        switch (slot) {
            case BAUD: return TelnetEncoder.comPortBaudRate(tcp.alloc(), ComPort.SET_BAUDRATE, value);
            case DATA: return TelnetEncoder.comPort(tcp.alloc(), ComPort.SET_DATASIZE, value);
            case PARITY: return TelnetEncoder.comPort(tcp.alloc(), ComPort.SET_PARITY, value);
            case STOP: return TelnetEncoder.comPort(tcp.alloc(), ComPort.SET_STOPSIZE, value);
            default: return TelnetEncoder.comPort(tcp.alloc(), ComPort.SET_CONTROL, value);
        }
    }

    /** An answer to a SET command arrived: {@code slot} now has {@code value} on the server. */
    private void answered(int slot, int value) {
        Change c = running;
        if (c == null || c.asked[slot] < 0 || c.answered[slot] >= 0) {
            // Another client changed the port (ser2net tells every client), or a late answer: not ours to wait for.
            logger.debug("{}: answer {}={} while not waiting for it", path, SLOT_NAMES[slot], value);
            return;
        }
        c.answered[slot] = value;
        if (--c.outstanding == 0) {
            finish(c);
        }
    }

    private void finish(Change c) {
        if (running != c || c.promise.isDone()) {
            return;
        }
        if (c.timer != null) {
            c.timer.cancel(false);
        }
        SerialSettings got = c.next;
        List<String> problems = new ArrayList<>();
        for (int slot = 0; slot < SLOTS; slot++) {
            if (c.asked[slot] >= 0) {
                got = take(c, slot, got, problems);
            }
        }
        if (c.next.lowLatency() && (c.previous == null || !c.previous.lowLatency())) {
            problems.add("LOW_LATENCY=true is not available on an RFC 2217 port");
            got = got.withLowLatency(false);
        }
        if (c.next.rs485() != null && (c.previous == null || !c.next.rs485().equals(c.previous.rs485()))) {
            problems.add("RS485 is not available on an RFC 2217 port");
            got = got.withRs485(c.previous == null ? null : c.previous.rs485());
        }
        try {
            if (!problems.isEmpty()) {
                Unsupported.handle(c.next.unsupportedPolicy(), new UnsupportedSerialConfigurationException(path,
                        SerialException.NO_NATIVE_ERROR, String.join("; ", problems)));
            }
            inEffect = got;
            c.promise.trySuccess(got);
        } catch (SerialException refused) {
            if (c.previous != null) {
                putBack(c);
            }
            c.promise.tryFailure(refused);
        }
        running = null;
        Change next = waiting.poll();
        if (next != null && tcp.isActive()) {
            start(next);
        } else if (next != null) {
            next.promise.tryFailure(new SerialException(path, 0, "the connection to the RFC 2217 server is closed"));
            failWaiting(next.promise.cause());
        }
    }

    /** Under RAISE a change is all or nothing: ask for the previous values again (answers are not awaited). */
    private void putBack(Change c) {
        for (int slot = 0; slot < SLOTS; slot++) {
            if (c.asked[slot] >= 0) {
                tcp.write(command(slot, value(c.previous, slot)), tcp.voidPromise());
            }
        }
        tcp.flush();
    }

    private static int value(SerialSettings s, int slot) {
        switch (slot) {
            case BAUD: return s.baudRate();
            case DATA: return s.dataBits();
            case PARITY: return ComPort.parityCode(s.parity());
            case STOP: return ComPort.stopSizeCode(s.stopBits());
            case FLOW: return ComPort.flowCode(s.flowControl());
            case DTR: return s.dtr() ? ComPort.CONTROL_DTR_ON : ComPort.CONTROL_DTR_OFF;
            default: return s.rts() ? ComPort.CONTROL_RTS_ON : ComPort.CONTROL_RTS_OFF;
        }
    }

    /** Puts the server's answer for {@code slot} into {@code got}, noting where it is not what was asked. */
    private SerialSettings take(Change c, int slot, SerialSettings got, List<String> problems) {
        String asked = describe(slot, c.asked[slot]);
        int answer = c.answered[slot];
        SerialSettings fallback = c.previous == null ? c.next : c.previous;
        if (answer < 0) {
            problems.add("the server did not answer " + asked + " within " + timeoutMillis + " ms");
            return with(got, fallback, slot);
        }
        if (answer == c.asked[slot]) {
            return got;
        }
        problems.add("the server answered " + asked + " with " + describe(slot, answer));
        switch (slot) {
            case BAUD: return answer > 0 ? got.withBaudRate(answer) : with(got, fallback, slot);
            case DATA: return answer >= 5 && answer <= 8 ? got.withDataBits(answer) : with(got, fallback, slot);
            case PARITY: {
                Parity p = ComPort.parity(answer);
                return p != null ? got.withParity(p) : with(got, fallback, slot);
            }
            case STOP: {
                StopBits s = ComPort.stopBits(answer);
                return s != null ? got.withStopBits(s) : with(got, fallback, slot);
            }
            case FLOW: {
                FlowControl f = ComPort.flowControl(answer);
                return f != null ? got.withFlowControl(f) : with(got, fallback, slot);
            }
            case DTR: return got.withDtr(answer == ComPort.CONTROL_DTR_ON);
            default: return got.withRts(answer == ComPort.CONTROL_RTS_ON);
        }
    }

    private static SerialSettings with(SerialSettings got, SerialSettings from, int slot) {
        switch (slot) {
            case BAUD: return got.withBaudRate(from.baudRate());
            case DATA: return got.withDataBits(from.dataBits());
            case PARITY: return got.withParity(from.parity());
            case STOP: return got.withStopBits(from.stopBits());
            case FLOW: return got.withFlowControl(from.flowControl());
            case DTR: return got.withDtr(from.dtr());
            default: return got.withRts(from.rts());
        }
    }

    private static String describe(int slot, int value) {
        switch (slot) {
            case BAUD: return "SET-BAUDRATE " + value;
            case DATA: return "SET-DATASIZE " + value;
            case PARITY: return "SET-PARITY " + value + " (" + ComPort.parity(value) + ")";
            case STOP: return "SET-STOPSIZE " + value + " (" + ComPort.stopBits(value) + ")";
            case FLOW: return "SET-CONTROL " + value + " (FLOW_CONTROL=" + ComPort.flowControl(value) + ")";
            case DTR: return "SET-CONTROL " + value + " (DTR=" + (value == ComPort.CONTROL_DTR_ON ? "on" : "off") + ")";
            default: return "SET-CONTROL " + value + " (RTS=" + (value == ComPort.CONTROL_RTS_ON ? "on" : "off") + ")";
        }
    }

    /** The connection ended: every change still waiting fails with {@code cause}. */
    void failWaiting(Throwable cause) {
        Change c = running;
        running = null;
        if (c != null) {
            if (c.timer != null) {
                c.timer.cancel(false);
            }
            c.promise.tryFailure(cause);
        }
        for (Change w; (w = waiting.poll()) != null; ) {
            w.promise.tryFailure(cause);
        }
    }

    // ---- what the server sends ----

    /**
     * A COM-PORT-OPTION subnegotiation from the server.
     *
     * @return 1 for FLOWCONTROL-SUSPEND, 2 for FLOWCONTROL-RESUME, 0 for anything else
     */
    int received(TelnetCommand sb) {
        int code = sb.payloadByte(0);
        int value = sb.payloadByte(1);
        if (code < 0) {
            return 0;
        }
        switch (code >= SERVER_OFFSET ? code - SERVER_OFFSET : code) {
            case ComPort.SET_BAUDRATE:
                answered(BAUD, ComPort.baudRate(sb.payload(), 1));
                break;
            case ComPort.SET_DATASIZE:
                answered(DATA, value);
                break;
            case ComPort.SET_PARITY:
                answered(PARITY, value);
                break;
            case ComPort.SET_STOPSIZE:
                answered(STOP, value);
                break;
            case ComPort.SET_CONTROL:
                controlAnswered(value);
                break;
            case ComPort.NOTIFY_MODEMSTATE:
                modemState(value);
                break;
            case ComPort.NOTIFY_LINESTATE:
                lineState(value);
                break;
            case ComPort.FLOWCONTROL_SUSPEND:
                return 1;
            case ComPort.FLOWCONTROL_RESUME:
                return 2;
            default:
                logger.debug("{}: ignored {}", path, sb);
                break;
        }
        return 0;
    }

    private void controlAnswered(int value) {
        if (ComPort.flowControl(value) != null) {
            answered(FLOW, value);
        } else if (value == ComPort.CONTROL_DTR_ON || value == ComPort.CONTROL_DTR_OFF) {
            answered(DTR, value);
        } else if (value == ComPort.CONTROL_RTS_ON || value == ComPort.CONTROL_RTS_OFF) {
            answered(RTS, value);
        } else {
            // Break answers (ser2net answers "break off" with "on": Linux cannot read the break state back).
            logger.debug("{}: SET-CONTROL answer {} not awaited", path, value);
        }
    }

    private void modemState(int state) {
        if (state < 0) {
            return;
        }
        ModemLines before = modemState < 0 ? null : lines(modemState);
        int old = Math.max(modemState, 0);
        // Count a change when the server flags it, or when the level moved without a flag.
        int cts = (state & ComPort.MODEMSTATE_DELTA_CTS) != 0 || ((state ^ old) & ComPort.MODEMSTATE_CTS) != 0 ? 1 : 0;
        int dsr = (state & ComPort.MODEMSTATE_DELTA_DSR) != 0 || ((state ^ old) & ComPort.MODEMSTATE_DSR) != 0 ? 1 : 0;
        int ri = (state & ComPort.MODEMSTATE_TRAILING_EDGE_RI) != 0 || ((state ^ old) & ComPort.MODEMSTATE_RI) != 0 ? 1 : 0;
        int dcd = (state & ComPort.MODEMSTATE_DELTA_DCD) != 0 || ((state ^ old) & ComPort.MODEMSTATE_DCD) != 0 ? 1 : 0;
        modemState = state;
        if (before == null) {
            return; // the first report is the starting point, not a change
        }
        ctsChanges += cts;
        dsrChanges += dsr;
        riChanges += ri;
        dcdChanges += dcd;
        if ((cts | dsr | ri | dcd) != 0 && modemEventsOn()) {
            serial.pipeline().fireUserEventTriggered(new ModemLinesChangedEvent(before, lines(state), cts, dsr, ri, dcd));
        }
    }

    private void lineState(int state) {
        if (state < 0) {
            return;
        }
        int framing = (state & ComPort.LINESTATE_FRAMING_ERROR) != 0 ? 1 : 0;
        int parity = (state & ComPort.LINESTATE_PARITY_ERROR) != 0 ? 1 : 0;
        int overrun = (state & ComPort.LINESTATE_OVERRUN) != 0 ? 1 : 0;
        int brk = (state & ComPort.LINESTATE_BREAK) != 0 ? 1 : 0;
        framingErrors += framing;
        parityErrors += parity;
        overruns += overrun;
        breaks += brk;
        if ((framing | parity | overrun | brk) != 0 && modemEventsOn()) {
            serial.pipeline().fireUserEventTriggered(new SerialLineErrorEvent(framing, parity, overrun, 0, brk));
        }
    }

    private boolean modemEventsOn() {
        return inEffect != null && inEffect.modemEvents() && serial.isActive();
    }

    private ModemLines lines(int state) {
        SerialSettings s = inEffect;
        return new ModemLines((state & ComPort.MODEMSTATE_CTS) != 0, (state & ComPort.MODEMSTATE_DSR) != 0,
                (state & ComPort.MODEMSTATE_RI) != 0, (state & ComPort.MODEMSTATE_DCD) != 0,
                s != null && s.dtr(), s != null && s.rts());
    }

    // ---- operations ----

    @Override
    public ModemLines modemLines() throws SerialException {
        if (modemState < 0) {
            throw new UnsupportedSerialFeatureException(path, SerialException.NO_NATIVE_ERROR,
                    "the RFC 2217 server has not reported the modem lines (no NOTIFY-MODEMSTATE yet)");
        }
        return lines(modemState);
    }

    @Override
    public LineCounters counters() {
        return new LineCounters(ctsChanges, dsrChanges, riChanges, dcdChanges, framingErrors, overruns, parityErrors,
                breaks, 0);
    }

    @Override
    public void setBreak(boolean on) throws SerialException {
        checkOpen();
        send(TelnetEncoder.comPort(tcp.alloc(), ComPort.SET_CONTROL,
                on ? ComPort.CONTROL_BREAK_ON : ComPort.CONTROL_BREAK_OFF));
    }

    @Override
    public void discard(boolean input, boolean output) throws SerialException {
        checkOpen();
        int what = (input ? ComPort.PURGE_RX : 0) | (output ? ComPort.PURGE_TX : 0);
        if (what != 0) {
            send(TelnetEncoder.comPort(tcp.alloc(), ComPort.PURGE_DATA, what));
        }
    }

    private void checkOpen() throws SerialException {
        if (tcp == null || !tcp.isActive()) {
            throw new SerialException(path, SerialException.NO_NATIVE_ERROR, "the connection to the RFC 2217 server is closed");
        }
    }

    /** Nothing is known of what the server holds; received bytes are handed on as they arrive. */
    @Override
    public int bytesAvailable() {
        return 0;
    }

    /** Bytes waiting in this side's TCP connection (what the server has buffered is not known). */
    @Override
    public int bytesQueued() {
        ChannelOutboundBuffer out = tcp == null ? null : tcp.unsafe().outboundBuffer();
        return out == null ? 0 : (int) Math.min(Integer.MAX_VALUE, out.totalPendingWriteBytes());
    }

    @Override
    public boolean outputDrained() {
        return bytesQueued() == 0;
    }

    @Override
    public void close() {
        closed = true;
        failWaiting(new SerialException(path, SerialException.NO_NATIVE_ERROR, "closed"));
    }
}
