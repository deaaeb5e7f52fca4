package io.github.nettyserial.windows;

import io.github.nettyserial.FlowControl;
import io.github.nettyserial.ModemLines;
import io.github.nettyserial.Parity;
import io.github.nettyserial.SerialChannelOption;
import io.github.nettyserial.SerialException;
import io.github.nettyserial.SerialLineErrorEvent;
import io.github.nettyserial.StopBits;
import io.github.nettyserial.UnsupportedPolicy;
import io.github.nettyserial.UnsupportedSerialConfigurationException;
import io.github.nettyserial.UnsupportedSerialFeatureException;
import io.github.nettyserial.internal.LineCounters;
import io.github.nettyserial.internal.SerialPort;
import io.github.nettyserial.internal.SerialSettings;
import io.github.nettyserial.internal.Unsupported;
import io.github.nettyserial.windows.Win32Errors.Op;
import io.netty.util.concurrent.Future;
import io.netty.util.concurrent.ImmediateEventExecutor;
import io.netty.util.internal.PlatformDependent;
import io.netty.util.internal.logging.InternalLogger;
import io.netty.util.internal.logging.InternalLoggerFactory;
import java.util.regex.Pattern;

/**
 * The control side of an open COM port: DCB, COMMTIMEOUTS, modem lines, break, purge and ClearCommError.
 * Every call is quick and runs on the loop. The counters behind {@link #counters()} come from
 * {@code WaitCommEvent} completions (modem-line changes, fed in by {@link IocpSerialIo}) and from
 * {@code ClearCommError} (line errors).
 */
final class WindowsSerialPort implements SerialPort {
    private static final InternalLogger logger = InternalLoggerFactory.getInstance(WindowsSerialPort.class);

    /** The modem-line events of a WaitCommEvent mask. */
    static final int MODEM_LINE_EVENTS = Win32.EV_CTS | Win32.EV_DSR | Win32.EV_RLSD | Win32.EV_RING;
    /** The line-error events: EV_ERR (framing, overrun, parity) and EV_BREAK, which serial.sys raises apart. */
    static final int LINE_ERROR_EVENTS = Win32.EV_ERR | Win32.EV_BREAK;
    /** What SetCommMask arms WaitCommEvent for; EV_RXCHAR is left out, the pending read covers it. */
    static final int WAITED_EVENTS = MODEM_LINE_EVENTS | LINE_ERROR_EVENTS;

    private static final Pattern COM_NAME = Pattern.compile("(?i)COM[0-9]+");

    // Scratch native memory: one block per port, used only during a call on the loop.
    private static final int S_DCB = 0;
    private static final int S_SAVED_DCB = 32;
    private static final int S_TIMEOUTS = 64;
    private static final int S_COMSTAT = 88;
    private static final int S_DWORD = 104;
    private static final int SCRATCH_SIZE = 112;

    private final Win32 win32;
    private final String path;
    private final long file;
    private final long scratch;
    private SerialSettings settings;
    private boolean closed;

    private int cts;
    private int dsr;
    private int ri;
    private int dcd;
    private int frame;
    private int overrun;
    private int parity;
    private int brk;
    private int bufferOverrun;

    private WindowsSerialPort(Win32 win32, String path, long file, long scratch) {
        this.win32 = win32;
        this.path = path;
        this.file = file;
        this.scratch = scratch;
    }

    /** {@code COM12} → {@code \\.\COM12} (needed from COM10 on, harmless below); other names as given. */
    static String win32Name(String path) {
        return COM_NAME.matcher(path).matches() ? "\\\\.\\" + path : path;
    }

    /**
     * Opens {@code path} for overlapped I/O, exclusively, and applies {@code settings}, the (1,0,0) read
     * timeouts and the event mask before returning. On failure nothing stays open.
     */
    static WindowsSerialPort open(Win32 win32, String path, SerialSettings settings) throws SerialException {
        // Refusals come before CreateFileW: opening alone can toggle DTR on real drivers.
        if (!settings.exclusive()) {
            Unsupported.handle(settings.unsupportedPolicy(), new UnsupportedSerialFeatureException(path,
                    SerialException.NO_NATIVE_ERROR, "EXCLUSIVE=false: Windows always opens a COM port exclusively "
                    + "(share mode 0); set EXCLUSIVE=true, or UNSUPPORTED_POLICY=WARN/IGNORE to open it anyway"));
        }
        checkFeatures(path, null, settings);
        String name = win32Name(path);
        long file = win32.CreateFileW(name, Win32.GENERIC_READ | Win32.GENERIC_WRITE, 0, 0, Win32.OPEN_EXISTING,
                Win32.FILE_FLAG_OVERLAPPED, 0);
        if (file == Win32.INVALID_HANDLE_VALUE) {
            throw Win32Errors.exception(path, Op.OPEN, win32.getLastError(), "CreateFileW(" + name + ")");
        }
        long scratch;
        try {
            scratch = win32.allocate(SCRATCH_SIZE);
        } catch (Throwable t) {
            win32.CloseHandle(file);
            throw t;
        }
        PlatformDependent.setMemory(scratch, SCRATCH_SIZE, (byte) 0);
        WindowsSerialPort port = new WindowsSerialPort(win32, path, file, scratch);
        try {
            port.configureAtOpen(settings);
        } catch (SerialException | RuntimeException e) {
            port.close();
            throw e;
        }
        return port;
    }

    private void configureAtOpen(SerialSettings settings) throws SerialException {
        long dcb = scratch + S_DCB;
        if (!win32.GetCommState(file, dcb)) {
            throw Win32Errors.exception(path, Op.PROBE, win32.getLastError(), "GetCommState");
        }
        applyNow(null, settings);
        // (1,0,0): wait for the first byte forever, then return what came within a 1 ms gap. Works on every
        // driver and Wine; no constant with the high bit set (CH340 treats it as 0 and spins).
        long t = scratch + S_TIMEOUTS;
        PlatformDependent.putInt(t + Win32Structs.CT_READ_INTERVAL, 1);
        PlatformDependent.putInt(t + Win32Structs.CT_READ_TOTAL_MULTIPLIER, 0);
        PlatformDependent.putInt(t + Win32Structs.CT_READ_TOTAL_CONSTANT, 0);
        PlatformDependent.putInt(t + Win32Structs.CT_WRITE_TOTAL_MULTIPLIER, 0);
        PlatformDependent.putInt(t + Win32Structs.CT_WRITE_TOTAL_CONSTANT, 0);
        if (!win32.SetCommTimeouts(file, t)) {
            throw Win32Errors.exception(path, Op.CONFIG, win32.getLastError(), "SetCommTimeouts(1,0,0,0,0)");
        }
        if (!win32.SetCommMask(file, WAITED_EVENTS)) {
            int error = win32.getLastError();
            if (Win32Errors.isDisconnect(error)) {
                throw Win32Errors.exception(path, Op.IO, error, "SetCommMask");
            }
            // Wine on a pty has no modem lines (ERROR_NOT_SUPPORTED): data still flows, modem events don't.
            logger.debug("{}: SetCommMask failed ({}); no modem-line events", path, Win32Errors.describe(error));
        }
    }

    long file() {
        return file;
    }

    @Override
    public String path() {
        return path;
    }

    /** The settings in force. */
    SerialSettings settingsInEffect() {
        return settings;
    }

    @Override
    public Future<SerialSettings> apply(SerialSettings previous, SerialSettings next) {
        try {
            applyNow(previous, next);
            return ImmediateEventExecutor.INSTANCE.newSucceededFuture(settings);
        } catch (SerialException | RuntimeException e) {
            return ImmediateEventExecutor.INSTANCE.newFailedFuture(e);
        }
    }

    private void applyNow(SerialSettings previous, SerialSettings next) throws SerialException {
        ensureOpen();
        if (previous != null) {
            checkFeatures(path, previous, next); // at open, open() did it before CreateFileW
        }
        if (previous != null && previous.equals(next.withDtr(previous.dtr()).withRts(previous.rts()))) {
            setLines(previous, next);
            return;
        }
        long dcb = scratch + S_DCB;
        long saved = scratch + S_SAVED_DCB;
        if (!win32.GetCommState(file, dcb)) {
            throw Win32Errors.exception(path, Op.IO, win32.getLastError(), "GetCommState");
        }
        PlatformDependent.copyMemory(dcb, saved, Dcb.SIZE);
        Dcb.overlay(dcb, next);
        if (!win32.SetCommState(file, dcb)) {
            int error = win32.getLastError();
            win32.SetCommState(file, saved);
            throw Win32Errors.exception(path, Op.CONFIG, error, "SetCommState(" + next.describe() + ")"
                    + combinationHint(next));
        }
        if (!win32.GetCommState(file, dcb)) {
            throw Win32Errors.exception(path, Op.IO, win32.getLastError(), "GetCommState (read-back)");
        }
        String mismatch = readBackMismatch(dcb, next);
        if (mismatch != null) {
            UnsupportedSerialConfigurationException problem = new UnsupportedSerialConfigurationException(path,
                    SerialException.NO_NATIVE_ERROR, "asked for " + next.describe() + " but the driver set " + mismatch);
            if (next.unsupportedPolicy() == UnsupportedPolicy.RAISE) {
                win32.SetCommState(file, saved);
            }
            Unsupported.handle(next.unsupportedPolicy(), problem);
            settings = whatWindowsDoes(inEffect(dcb, next)); // WARN or IGNORE: what the driver set, not the wish
            return;
        }
        settings = whatWindowsDoes(next);
    }

    /**
     * {@code s} less the features Windows never does (they were refused before the port was opened, and let
     * through only under WARN or IGNORE): a COM port is always exclusive, has no low-latency switch and no
     * kernel RS-485 mode.
     */
    private static SerialSettings whatWindowsDoes(SerialSettings s) {
        return s.withExclusive(true).withLowLatency(false).withRs485(null);
    }

    /** {@code asked} with the frame the driver's DCB reads back. */
    private static SerialSettings inEffect(long dcb, SerialSettings asked) {
        SerialSettings s = asked.withBaudRate(Dcb.baudRate(dcb)).withDataBits(Dcb.byteSize(dcb));
        for (Parity p : Parity.values()) {
            if (Dcb.parityCode(p) == Dcb.parity(dcb)) {
                s = s.withParity(p);
            }
        }
        for (StopBits b : StopBits.values()) {
            if (Dcb.stopBitsCode(b) == Dcb.stopBits(dcb)) {
                s = s.withStopBits(b);
            }
        }
        return s;
    }

    /**
     * Only DTR and/or RTS change: {@code EscapeCommFunction}, without a full SetCommState. A line under
     * handshake flow control belongs to the driver and is left alone. The DCB agrees at the next overlay,
     * which writes the same level.
     */
    private void setLines(SerialSettings previous, SerialSettings next) throws SerialException {
        if (next.dtr() != previous.dtr() && next.flowControl() != FlowControl.DSR_DTR) {
            escape(next.dtr() ? Win32.SETDTR : Win32.CLRDTR, next.dtr() ? "SETDTR" : "CLRDTR");
        }
        if (next.rts() != previous.rts() && next.flowControl() != FlowControl.RTS_CTS) {
            escape(next.rts() ? Win32.SETRTS : Win32.CLRRTS, next.rts() ? "SETRTS" : "CLRRTS");
        }
        settings = whatWindowsDoes(next);
    }

    private void escape(int function, String name) throws SerialException {
        if (!win32.EscapeCommFunction(file, function)) {
            throw Win32Errors.exception(path, Op.IO, win32.getLastError(), "EscapeCommFunction(" + name + ")");
        }
    }

    /** LOW_LATENCY and RS485 have no Win32 call: route them through the policy, with what to do instead. */
    private static void checkFeatures(String path, SerialSettings previous, SerialSettings next)
            throws SerialException {
        if (next.lowLatency() && (previous == null || !previous.lowLatency())) {
            Unsupported.handle(next.unsupportedPolicy(), new UnsupportedSerialFeatureException(path,
                    SerialException.NO_NATIVE_ERROR, SerialChannelOption.LOW_LATENCY.name() + "=true: Windows has no "
                    + "per-port low-latency switch; for an FTDI adapter set Device Manager > Ports > (port) > "
                    + "Properties > Port Settings > Advanced > Latency Timer to 1 ms (other drivers have no such "
                    + "setting); reads already complete 1 ms after the last byte"));
        }
        if (next.rs485() != null && (previous == null || !next.rs485().equals(previous.rs485()))) {
            Unsupported.handle(next.unsupportedPolicy(), new UnsupportedSerialFeatureException(path,
                    SerialException.NO_NATIVE_ERROR, SerialChannelOption.RS485.name() + "=" + next.rs485()
                    + ": Windows serial drivers have no RS-485 mode switch; use an RS-485 adapter with automatic "
                    + "transmit-enable (direction control in hardware), or set RS485=null"));
        }
    }

    private static String combinationHint(SerialSettings s) {
        if (s.stopBits() == StopBits.ONE_POINT_FIVE && s.dataBits() != 5) {
            return " (Windows allows 1.5 stop bits only with 5 data bits)";
        }
        if (s.stopBits() == StopBits.TWO && s.dataBits() == 5) {
            return " (Windows does not allow 2 stop bits with 5 data bits; use 1.5)";
        }
        if (s.flowControl() == FlowControl.DSR_DTR || s.flowControl() == FlowControl.RTS_CTS) {
            return " (the driver may not support " + s.flowControl() + " flow control)";
        }
        return "";
    }

    private static String readBackMismatch(long dcb, SerialSettings s) {
        if (Dcb.baudRate(dcb) != s.baudRate()) {
            return "BAUD_RATE " + Integer.toUnsignedString(Dcb.baudRate(dcb));
        }
        if (Dcb.byteSize(dcb) != s.dataBits()) {
            return "DATA_BITS " + Dcb.byteSize(dcb);
        }
        if (Dcb.parity(dcb) != Dcb.parityCode(s.parity())) {
            return "PARITY code " + Dcb.parity(dcb);
        }
        if (Dcb.stopBits(dcb) != Dcb.stopBitsCode(s.stopBits())) {
            return "STOP_BITS code " + Dcb.stopBits(dcb);
        }
        return null;
    }

    @Override
    public ModemLines modemLines() throws SerialException {
        ensureOpen();
        long status = scratch + S_DWORD;
        if (!win32.GetCommModemStatus(file, status)) {
            throw Win32Errors.exception(path, Op.IO, win32.getLastError(), "GetCommModemStatus");
        }
        int s = PlatformDependent.getInt(status);
        // Windows cannot read back DTR and RTS: report what this port last set.
        SerialSettings now = settings;
        boolean dtr = now.flowControl() == FlowControl.DSR_DTR || now.dtr();
        boolean rts = now.flowControl() == FlowControl.RTS_CTS || now.rts();
        return new ModemLines((s & Win32.MS_CTS_ON) != 0, (s & Win32.MS_DSR_ON) != 0, (s & Win32.MS_RING_ON) != 0,
                (s & Win32.MS_RLSD_ON) != 0, dtr, rts);
    }

    @Override
    public LineCounters counters() throws SerialException {
        comStat();
        return new LineCounters(cts, dsr, ri, dcd, frame, overrun, parity, brk, bufferOverrun);
    }

    /**
     * Counts the modem-line changes of one WaitCommEvent completion and reads the lines as they are now
     * (right after the completion, where FTDI's driver reports them fresh).
     */
    ModemLines onModemLineEvents(int events) throws SerialException {
        if ((events & Win32.EV_CTS) != 0) {
            cts++;
        }
        if ((events & Win32.EV_DSR) != 0) {
            dsr++;
        }
        if ((events & Win32.EV_RING) != 0) {
            ri++;
        }
        if ((events & Win32.EV_RLSD) != 0) {
            dcd++;
        }
        return modemLines();
    }

    /** After EV_ERR or EV_BREAK: ClearCommError, and what it cleared as an event (null if nothing). */
    SerialLineErrorEvent onLineErrorEvents() throws SerialException {
        int f = frame;
        int p = parity;
        int o = overrun;
        int r = bufferOverrun;
        int b = brk;
        comStat();
        if (f == frame && p == parity && o == overrun && r == bufferOverrun && b == brk) {
            return null;
        }
        return new SerialLineErrorEvent(frame - f, parity - p, overrun - o, bufferOverrun - r, brk - b);
    }

    /** ClearCommError into the scratch COMSTAT; the error bits it clears are added to the counters. */
    private long comStat() throws SerialException {
        ensureOpen();
        long errors = scratch + S_DWORD;
        long stat = scratch + S_COMSTAT;
        if (!win32.ClearCommError(file, errors, stat)) {
            throw Win32Errors.exception(path, Op.IO, win32.getLastError(), "ClearCommError");
        }
        int e = PlatformDependent.getInt(errors);
        if ((e & Win32.CE_FRAME) != 0) {
            frame++;
        }
        if ((e & Win32.CE_OVERRUN) != 0) {
            overrun++;
        }
        if ((e & Win32.CE_RXPARITY) != 0) {
            parity++;
        }
        if ((e & Win32.CE_BREAK) != 0) {
            brk++;
        }
        if ((e & Win32.CE_RXOVER) != 0) {
            bufferOverrun++;
        }
        return stat;
    }

    @Override
    public void setBreak(boolean on) throws SerialException {
        ensureOpen();
        if (!(on ? win32.SetCommBreak(file) : win32.ClearCommBreak(file))) {
            throw Win32Errors.exception(path, Op.IO, win32.getLastError(), on ? "SetCommBreak" : "ClearCommBreak");
        }
    }

    @Override
    public void discard(boolean input, boolean output) throws SerialException {
        ensureOpen();
        // CLEAR only: the ABORT flags would also cancel our own pending read and write.
        int flags = (input ? Win32.PURGE_RXCLEAR : 0) | (output ? Win32.PURGE_TXCLEAR : 0);
        if (flags != 0 && !win32.PurgeComm(file, flags)) {
            throw Win32Errors.exception(path, Op.IO, win32.getLastError(), "PurgeComm");
        }
    }

    @Override
    public int bytesAvailable() throws SerialException {
        return PlatformDependent.getInt(comStat() + Win32Structs.CS_IN_QUE);
    }

    @Override
    public int bytesQueued() throws SerialException {
        return PlatformDependent.getInt(comStat() + Win32Structs.CS_OUT_QUE);
    }

    @Override
    public boolean outputDrained() throws SerialException {
        // Windows reports the driver's queue; the UART's shift register is not visible through any call.
        long stat = comStat();
        return PlatformDependent.getInt(stat + Win32Structs.CS_OUT_QUE) == 0
                && (PlatformDependent.getInt(stat + Win32Structs.CS_FLAGS) & Win32Structs.CS_TXIM) == 0;
    }

    private void ensureOpen() throws SerialException {
        if (closed) {
            throw new SerialException(path, Win32.ERROR_INVALID_HANDLE, "the port is closed");
        }
    }

    /**
     * Closes the handle and frees the scratch memory. {@link IocpSerialIo} calls this only once every
     * overlapped operation on the handle has delivered its packet. Idempotent.
     */
    @Override
    public void close() {
        if (closed) {
            return;
        }
        closed = true;
        if (!win32.CloseHandle(file)) {
            logger.debug("{}: CloseHandle failed: {}", path, Win32Errors.describe(win32.getLastError()));
        }
        win32.free(scratch);
    }

    boolean isClosed() {
        return closed;
    }
}
