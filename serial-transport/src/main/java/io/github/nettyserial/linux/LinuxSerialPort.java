package io.github.nettyserial.linux;

import io.github.nettyserial.FlowControl;
import io.github.nettyserial.ModemLines;
import io.github.nettyserial.NotASerialPortException;
import io.github.nettyserial.Rs485Config;
import io.github.nettyserial.SerialException;
import io.github.nettyserial.SerialPortBusyException;
import io.github.nettyserial.StopBits;
import io.github.nettyserial.UnsupportedSerialConfigurationException;
import io.github.nettyserial.UnsupportedSerialFeatureException;
import io.github.nettyserial.internal.LineCounters;
import io.github.nettyserial.internal.SerialPort;
import io.github.nettyserial.internal.SerialSettings;
import io.github.nettyserial.internal.Unsupported;
import com.sun.jna.Memory;
import com.sun.jna.Pointer;
import io.netty.channel.unix.FileDescriptor;
import io.netty.util.concurrent.Future;
import io.netty.util.concurrent.ImmediateEventExecutor;
import io.netty.util.internal.logging.InternalLogger;
import io.netty.util.internal.logging.InternalLoggerFactory;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.List;

/**
 * An open tty: its file descriptor and every control operation on it, through raw ioctls. Settings are
 * applied in steps (termios, modem lines, exclusivity, low latency, RS-485), each read back; when a step is
 * refused under {@code RAISE} the earlier steps are undone, so a change is all or nothing. Under {@code WARN}
 * and {@code IGNORE} a refused step leaves its setting as it was, and the settings in effect say so.
 */
final class LinuxSerialPort implements SerialPort {
    private static final InternalLogger logger = InternalLoggerFactory.getInstance(LinuxSerialPort.class);

    private final String path;
    private final FileDescriptor fd;
    private final int fdInt;
    /** Scratch memory for ioctl structs; only touched on the event loop (or during open). */
    private final Memory scratch = new Memory(128);
    private final long scratchAddress = Pointer.nativeValue(scratch);
    /** The serial_struct flags before this port set ASYNC_LOW_LATENCY, to restore at close; -1 if untouched. */
    private int savedSerialFlags = -1;
    private boolean exclusive;
    private boolean closed;
    /** What the port does now: the wanted settings less what the driver refused under WARN or IGNORE. */
    private SerialSettings inEffect;

    private LinuxSerialPort(String path, int fd) {
        this.path = path;
        this.fdInt = fd;
        this.fd = new FileDescriptor(fd);
    }

    /** Opens {@code path} non-blocking and applies {@code settings}; closes it again on any failure. */
    static LinuxSerialPort open(String path, SerialSettings settings) throws SerialException {
        int fd = LibC.open(path, LibC.O_RDWR | LibC.O_NOCTTY | LibC.O_NONBLOCK | LibC.O_CLOEXEC);
        if (fd < 0) {
            throw LinuxErrors.open(path, LibC.errno());
        }
        LinuxSerialPort port = new LinuxSerialPort(path, fd);
        try {
            port.checkIsTty();
            port.inEffect = port.applyNow(null, settings);
            return port;
        } catch (SerialException | RuntimeException | Error e) {
            port.close();
            throw e;
        }
    }

    @Override
    public String path() {
        return path;
    }

    FileDescriptor fd() {
        return fd;
    }

    /** The settings in effect since the last apply. */
    SerialSettings settingsInEffect() {
        return inEffect;
    }

    private void checkIsTty() throws SerialException {
        if (LibC.ioctl(fdInt, Ioctl.TCGETS2, scratchAddress) != 0) {
            int errno = LibC.errno();
            if (errno == Errno.ENOTTY || errno == Errno.EINVAL) {
                throw new NotASerialPortException(path, errno,
                        "not a serial port: the terminal ioctls answer " + Errno.describe(errno));
            }
            throw LinuxErrors.call(path, "TCGETS2", errno);
        }
    }

    // ---- settings ----

    @Override
    public Future<SerialSettings> apply(SerialSettings previous, SerialSettings next) {
        try {
            inEffect = applyNow(previous, next);
            return ImmediateEventExecutor.INSTANCE.newSucceededFuture(inEffect);
        } catch (SerialException | RuntimeException e) {
            return ImmediateEventExecutor.INSTANCE.newFailedFuture(e);
        }
    }

    /** The settings the steps below have so far found in effect; only used during {@link #applyNow}. */
    private SerialSettings applied;

    private SerialSettings applyNow(SerialSettings previous, SerialSettings next) throws SerialException {
        List<Runnable> undo = new ArrayList<>();
        applied = next;
        try {
            if (previous == null || previous.exclusive() != next.exclusive()) {
                applyExclusive(next.exclusive(), undo);
            }
            applyTermios(next, undo);
            if (previous == null || previous.dtr() != next.dtr() || previous.rts() != next.rts()
                    || previous.flowControl() != next.flowControl()) {
                applyModemLines(next, undo);
            }
            if (previous == null ? next.lowLatency() : previous.lowLatency() != next.lowLatency()) {
                applyLowLatency(next, previous, undo);
            }
            if (previous == null ? next.rs485() != null : !java.util.Objects.equals(previous.rs485(), next.rs485())) {
                applyRs485(next, previous == null ? null : previous.rs485(), undo);
            }
            if (next.modemEvents() && (previous == null || !previous.modemEvents())) {
                checkModemLines(next);
            }
            return applied;
        } catch (SerialException | RuntimeException e) {
            for (int i = undo.size() - 1; i >= 0; i--) {
                try {
                    undo.get(i).run();
                } catch (RuntimeException undoFailure) {
                    e.addSuppressed(undoFailure);
                }
            }
            throw e;
        }
    }

    private void applyExclusive(boolean on, List<Runnable> undo) throws SerialException {
        // flock is what other well-behaved programs check; TIOCEXCL makes the kernel refuse other opens
        // (except to processes with CAP_SYS_ADMIN, such as root).
        if (LibC.flock(fdInt, (on ? LibC.LOCK_EX : LibC.LOCK_SH) | LibC.LOCK_NB) != 0) {
            int errno = LibC.errno();
            if (errno == Errno.EAGAIN) {
                throw new SerialPortBusyException(path, errno, "port is in use by another program"
                        + (on ? "" : " that holds it exclusively") + LockHolders.describe(path));
            }
            throw LinuxErrors.call(path, "flock", errno);
        }
        ioctlOrThrow(on ? Ioctl.TIOCEXCL : Ioctl.TIOCNXCL, 0, on ? "TIOCEXCL" : "TIOCNXCL");
        boolean was = exclusive;
        exclusive = on;
        undo.add(() -> {
            LibC.flock(fdInt, (was ? LibC.LOCK_EX : LibC.LOCK_SH) | LibC.LOCK_NB);
            LibC.ioctl(fdInt, was ? Ioctl.TIOCEXCL : Ioctl.TIOCNXCL, 0);
            exclusive = was;
        });
    }

    private void applyTermios(SerialSettings s, List<Runnable> undo) throws SerialException {
        StopBits stopBits = s.stopBits();
        if (stopBits == StopBits.ONE_POINT_FIVE && s.dataBits() != 5) {
            Unsupported.handle(s.unsupportedPolicy(), new UnsupportedSerialConfigurationException(path, 0,
                    "STOP_BITS=ONE_POINT_FIVE refused: Linux has 1.5 stop bits only with DATA_BITS=5 "
                            + "(under WARN or IGNORE the port uses TWO, which a receiver expecting 1.5 accepts)"));
            stopBits = StopBits.TWO;
        }
        FlowControl flow = s.flowControl();
        if (flow == FlowControl.DSR_DTR) {
            Unsupported.handle(s.unsupportedPolicy(), new UnsupportedSerialConfigurationException(path, 0,
                    "FLOW_CONTROL=DSR_DTR refused: the Linux kernel has no DSR/DTR flow control; "
                            + "use RTS_CTS (wire DSR/DTR to CTS/RTS) or XON_XOFF "
                            + "(under WARN or IGNORE the port has no flow control)"));
            flow = FlowControl.NONE;
        }
        Termios2 old = getTermios();
        Termios2 wanted = old.copy();
        wanted.applyRaw(s, stopBits, flow);
        setTermios(wanted);
        undo.add(() -> {
            try {
                setTermios(old);
            } catch (SerialException e) {
                throw new IllegalStateException("could not restore the previous settings of " + path, e);
            }
        });
        Termios2 got = getTermios();
        List<String> differences = differences(s, wanted, got);
        if (!differences.isEmpty()) {
            Unsupported.handle(s.unsupportedPolicy(), new UnsupportedSerialConfigurationException(path, 0,
                    "the driver did not take " + s.describe() + ": " + String.join("; ", differences)));
        }
        applied = applied.withBaudRate(got.baudRate()).withDataBits(got.dataBits()).withParity(got.parity())
                .withStopBits(!got.twoStopBits() ? StopBits.ONE
                        : got.dataBits() == 5 && s.stopBits() == StopBits.ONE_POINT_FIVE ? StopBits.ONE_POINT_FIVE
                        : StopBits.TWO)
                .withFlowControl(got.rtsCts() ? FlowControl.RTS_CTS
                        : got.xonXoff() ? FlowControl.XON_XOFF : FlowControl.NONE);
    }

    private static List<String> differences(SerialSettings s, Termios2 wanted, Termios2 got) {
        List<String> out = new ArrayList<>();
        if (got.baudRate() != wanted.baudRate()) {
            out.add("BAUD_RATE=" + wanted.baudRate() + " reads back as " + got.baudRate()
                    + " (the driver clamps or rounds it)");
        }
        if (got.dataBits() != wanted.dataBits()) {
            out.add("DATA_BITS=" + wanted.dataBits() + " reads back as " + got.dataBits());
        }
        if (got.parity() != wanted.parity()) {
            out.add("PARITY=" + wanted.parity() + " reads back as " + got.parity()
                    + " (a pseudo-terminal has no parity)");
        }
        if (got.twoStopBits() != wanted.twoStopBits()) {
            out.add("STOP_BITS=" + s.stopBits() + " reads back as " + (got.twoStopBits() ? "TWO" : "ONE"));
        }
        if (got.rtsCts() != wanted.rtsCts()) {
            out.add("FLOW_CONTROL=RTS_CTS reads back as " + (got.rtsCts() ? "on" : "off"));
        }
        if (got.xonXoff() != wanted.xonXoff()) {
            out.add("FLOW_CONTROL=XON_XOFF reads back as " + (got.xonXoff() ? "on" : "off"));
        }
        return out;
    }

    private void applyModemLines(SerialSettings s, List<Runnable> undo) throws SerialException {
        int set = 0;
        int clear = 0;
        if (s.dtr()) {
            set |= Ioctl.TIOCM_DTR;
        } else {
            clear |= Ioctl.TIOCM_DTR;
        }
        if (s.flowControl() != FlowControl.RTS_CTS) {
            if (s.rts()) {
                set |= Ioctl.TIOCM_RTS;
            } else {
                clear |= Ioctl.TIOCM_RTS;
            }
        }
        Integer before = modemBits();
        if (before == null) {
            // No modem lines (a pseudo-terminal). Asserting absent lines is harmless; a request to hold one
            // low (to keep a board out of reset, say) cannot be honoured and goes through the policy.
            if (clear != 0) {
                Unsupported.handle(s.unsupportedPolicy(), new UnsupportedSerialFeatureException(path, Errno.ENOTTY,
                        "DTR/RTS cannot be dropped: the port has no modem control lines (a pseudo-terminal?)"));
                // Nothing was dropped: report the lines as the (absent) hardware leaves them, asserted.
                applied = applied.withDtr(true).withRts(true);
            }
            return;
        }
        if (set != 0) {
            setInt(set);
            ioctlOrThrow(Ioctl.TIOCMBIS, scratchAddress, "TIOCMBIS");
        }
        if (clear != 0) {
            setInt(clear);
            ioctlOrThrow(Ioctl.TIOCMBIC, scratchAddress, "TIOCMBIC");
        }
        int restore = before;
        undo.add(() -> {
            scratch.setInt(0, restore & (Ioctl.TIOCM_DTR | Ioctl.TIOCM_RTS));
            LibC.ioctl(fdInt, Ioctl.TIOCMBIS, scratchAddress);
            scratch.setInt(0, ~restore & (Ioctl.TIOCM_DTR | Ioctl.TIOCM_RTS));
            LibC.ioctl(fdInt, Ioctl.TIOCMBIC, scratchAddress);
        });
    }

    private void applyLowLatency(SerialSettings s, SerialSettings previous, List<Runnable> undo)
            throws SerialException {
        scratch.clear(Ioctl.SERIAL_STRUCT_SIZE);
        if (LibC.ioctl(fdInt, Ioctl.TIOCGSERIAL, scratchAddress) != 0) {
            int errno = LibC.errno();
            if (errno != Errno.ENOTTY && errno != Errno.EINVAL) {
                throw LinuxErrors.call(path, "TIOCGSERIAL", errno);
            }
            Unsupported.handle(s.unsupportedPolicy(), new UnsupportedSerialFeatureException(path, errno,
                    "LOW_LATENCY=" + s.lowLatency() + " refused: the driver has no serial_struct ("
                            + Errno.describe(errno) + "); for an FTDI adapter write 1 to "
                            + "/sys/bus/usb-serial/devices/<tty>/latency_timer instead"));
            applied = applied.withLowLatency(previous != null && previous.lowLatency());
            return;
        }
        int flags = scratch.getInt(Ioctl.SERIAL_STRUCT_FLAGS);
        int wanted = s.lowLatency() ? flags | Ioctl.ASYNC_LOW_LATENCY : flags & ~Ioctl.ASYNC_LOW_LATENCY;
        if (savedSerialFlags < 0) {
            savedSerialFlags = flags;
        }
        scratch.setInt(Ioctl.SERIAL_STRUCT_FLAGS, wanted);
        if (LibC.ioctl(fdInt, Ioctl.TIOCSSERIAL, scratchAddress) != 0) {
            int errno = LibC.errno();
            Unsupported.handle(s.unsupportedPolicy(), new UnsupportedSerialFeatureException(path, errno,
                    "LOW_LATENCY=" + s.lowLatency() + " refused by the driver (TIOCSSERIAL: "
                            + Errno.describe(errno) + ")"));
            applied = applied.withLowLatency(previous != null && previous.lowLatency());
            return;
        }
        undo.add(() -> {
            scratch.clear(Ioctl.SERIAL_STRUCT_SIZE);
            if (LibC.ioctl(fdInt, Ioctl.TIOCGSERIAL, scratchAddress) == 0) {
                scratch.setInt(Ioctl.SERIAL_STRUCT_FLAGS, flags);
                LibC.ioctl(fdInt, Ioctl.TIOCSSERIAL, scratchAddress);
            }
        });
    }

    private void applyRs485(SerialSettings s, Rs485Config previous, List<Runnable> undo) throws SerialException {
        Rs485Config c = s.rs485();
        writeRs485(c);
        if (LibC.ioctl(fdInt, Ioctl.TIOCSRS485, scratchAddress) != 0) {
            int errno = LibC.errno();
            if (errno == Errno.EIO || errno == Errno.ENODEV) {
                throw LinuxErrors.call(path, "TIOCSRS485", errno);
            }
            Unsupported.handle(s.unsupportedPolicy(), new UnsupportedSerialFeatureException(path, errno,
                    "RS485=" + c + " refused: the driver has no kernel RS-485 mode (TIOCSRS485: "
                            + Errno.describe(errno) + "); drive the transceiver from RTS in your handler instead"));
            applied = applied.withRs485(previous);
            return;
        }
        // The kernel writes back what it applied.
        int appliedFlags = scratch.getInt(Ioctl.RS485_FLAGS);
        if (c != null && (appliedFlags & Ioctl.SER_RS485_ENABLED) == 0) {
            Unsupported.handle(s.unsupportedPolicy(), new UnsupportedSerialFeatureException(path, 0,
                    "RS485=" + c + " was not enabled by the driver (flags read back " + appliedFlags + ")"));
            applied = applied.withRs485(null);
        }
        undo.add(() -> {
            writeRs485(previous);
            LibC.ioctl(fdInt, Ioctl.TIOCSRS485, scratchAddress);
        });
    }

    private void writeRs485(Rs485Config c) {
        scratch.clear(Ioctl.RS485_SIZE);
        if (c == null) {
            return;
        }
        int flags = Ioctl.SER_RS485_ENABLED;
        flags |= c.rtsOnSend() ? Ioctl.SER_RS485_RTS_ON_SEND : 0;
        flags |= c.rtsAfterSend() ? Ioctl.SER_RS485_RTS_AFTER_SEND : 0;
        flags |= c.receiveDuringTransmit() ? Ioctl.SER_RS485_RX_DURING_TX : 0;
        flags |= c.terminateBus() ? Ioctl.SER_RS485_TERMINATE_BUS : 0;
        scratch.setInt(Ioctl.RS485_FLAGS, flags);
        scratch.setInt(Ioctl.RS485_DELAY_BEFORE, c.delayRtsBeforeSendMillis());
        scratch.setInt(Ioctl.RS485_DELAY_AFTER, c.delayRtsAfterSendMillis());
    }

    private void checkModemLines(SerialSettings s) throws SerialException {
        if (modemBits() == null) {
            Unsupported.handle(s.unsupportedPolicy(), new UnsupportedSerialFeatureException(path, Errno.ENOTTY,
                    "MODEM_EVENTS=true refused: the port has no modem lines (a pseudo-terminal?)"));
            applied = applied.withModemEvents(false);
        }
    }

    Termios2 getTermios() throws SerialException {
        ioctlOrThrow(Ioctl.TCGETS2, scratchAddress, "TCGETS2");
        return Termios2.read(scratchBuffer(Termios2.SIZE));
    }

    private void setTermios(Termios2 t) throws SerialException {
        t.write(scratchBuffer(Termios2.SIZE));
        ioctlOrThrow(Ioctl.TCSETS2, scratchAddress, "TCSETS2");
    }

    private ByteBuffer scratchBuffer(int size) {
        return scratch.getByteBuffer(0, size);
    }

    private void setInt(int value) {
        scratch.setInt(0, value);
    }

    /** TIOCMGET, or {@code null} where the port has no modem lines. */
    private Integer modemBits() throws SerialException {
        if (LibC.ioctl(fdInt, Ioctl.TIOCMGET, scratchAddress) != 0) {
            int errno = LibC.errno();
            if (errno == Errno.ENOTTY || errno == Errno.EINVAL) {
                return null;
            }
            throw LinuxErrors.call(path, "TIOCMGET", errno);
        }
        return scratch.getInt(0);
    }

    private void ioctlOrThrow(long request, long arg, String name) throws SerialException {
        if (LibC.ioctl(fdInt, request, arg) != 0) {
            throw LinuxErrors.call(path, name, LibC.errno());
        }
    }

    private int ioctlInt(long request, String name) throws SerialException {
        scratch.setInt(0, 0);
        ioctlOrThrow(request, scratchAddress, name);
        return scratch.getInt(0);
    }

    // ---- operations ----

    @Override
    public ModemLines modemLines() throws SerialException {
        Integer bits = modemBits();
        if (bits == null) {
            throw new UnsupportedSerialFeatureException(path, Errno.ENOTTY,
                    "has no modem control lines (TIOCMGET: " + Errno.describe(Errno.ENOTTY) + "; a pseudo-terminal?)");
        }
        int b = bits;
        return new ModemLines((b & Ioctl.TIOCM_CTS) != 0, (b & Ioctl.TIOCM_DSR) != 0, (b & Ioctl.TIOCM_RI) != 0,
                (b & Ioctl.TIOCM_CD) != 0, (b & Ioctl.TIOCM_DTR) != 0, (b & Ioctl.TIOCM_RTS) != 0);
    }

    @Override
    public LineCounters counters() throws SerialException {
        scratch.clear(Ioctl.ICOUNT_SIZE);
        if (LibC.ioctl(fdInt, Ioctl.TIOCGICOUNT, scratchAddress) != 0) {
            int errno = LibC.errno();
            if (errno == Errno.ENOTTY || errno == Errno.EINVAL) {
                return LineCounters.ZERO;
            }
            throw LinuxErrors.call(path, "TIOCGICOUNT", errno);
        }
        return new LineCounters(scratch.getInt(Ioctl.ICOUNT_CTS), scratch.getInt(Ioctl.ICOUNT_DSR),
                scratch.getInt(Ioctl.ICOUNT_RNG), scratch.getInt(Ioctl.ICOUNT_DCD), scratch.getInt(Ioctl.ICOUNT_FRAME),
                scratch.getInt(Ioctl.ICOUNT_OVERRUN), scratch.getInt(Ioctl.ICOUNT_PARITY),
                scratch.getInt(Ioctl.ICOUNT_BRK), scratch.getInt(Ioctl.ICOUNT_BUF_OVERRUN));
    }

    @Override
    public void setBreak(boolean on) throws SerialException {
        ioctlOrThrow(on ? Ioctl.TIOCSBRK : Ioctl.TIOCCBRK, 0, on ? "TIOCSBRK" : "TIOCCBRK");
    }

    @Override
    public void discard(boolean input, boolean output) throws SerialException {
        int queue = input && output ? Ioctl.TCIOFLUSH : input ? Ioctl.TCIFLUSH : Ioctl.TCOFLUSH;
        ioctlOrThrow(Ioctl.TCFLSH, queue, "TCFLSH");
    }

    @Override
    public int bytesAvailable() throws SerialException {
        return ioctlInt(Ioctl.FIONREAD, "FIONREAD");
    }

    @Override
    public int bytesQueued() throws SerialException {
        return ioctlInt(Ioctl.TIOCOUTQ, "TIOCOUTQ");
    }

    @Override
    public boolean outputDrained() throws SerialException {
        if (bytesQueued() != 0) {
            return false;
        }
        // The driver's queue is empty; the UART's shift register may still hold a character.
        scratch.setInt(0, 0);
        if (LibC.ioctl(fdInt, Ioctl.TIOCSERGETLSR, scratchAddress) != 0) {
            int errno = LibC.errno();
            if (errno == Errno.ENOTTY || errno == Errno.EINVAL || errno == Errno.ENOSYS) {
                return true;
            }
            throw LinuxErrors.call(path, "TIOCSERGETLSR", errno);
        }
        return (scratch.getInt(0) & Ioctl.TIOCSER_TEMT) != 0;
    }

    @Override
    public void close() {
        if (closed) {
            return;
        }
        closed = true;
        if (savedSerialFlags >= 0) {
            scratch.clear(Ioctl.SERIAL_STRUCT_SIZE);
            if (LibC.ioctl(fdInt, Ioctl.TIOCGSERIAL, scratchAddress) == 0) {
                scratch.setInt(Ioctl.SERIAL_STRUCT_FLAGS, savedSerialFlags);
                LibC.ioctl(fdInt, Ioctl.TIOCSSERIAL, scratchAddress);
            }
        }
        if (exclusive) {
            LibC.ioctl(fdInt, Ioctl.TIOCNXCL, 0);
        }
        try {
            fd.close();
        } catch (IOException e) {
            logger.debug("{}: close failed", path, e);
        }
        scratch.close();
    }
}
