package io.github.nettyserial.internal;

/**
 * The driver's cumulative counters of modem-line transitions and line errors (Linux
 * {@code serial_icounter_struct}; on Windows kept by the backend from {@code WaitCommEvent} and
 * {@code ClearCommError}). Events report differences between two snapshots.
 */
public record LineCounters(int cts, int dsr, int ri, int dcd, int frame, int overrun, int parity, int brk,
                           int bufferOverrun) {

    /** All zero: for drivers that count nothing. */
    public static final LineCounters ZERO = new LineCounters(0, 0, 0, 0, 0, 0, 0, 0, 0);

    /** Whether any error counter differs from {@code earlier}. */
    public boolean errorsSince(LineCounters earlier) {
        return frame != earlier.frame || overrun != earlier.overrun || parity != earlier.parity
                || brk != earlier.brk || bufferOverrun != earlier.bufferOverrun;
    }

    /** Whether any modem-line counter differs from {@code earlier}. */
    public boolean linesSince(LineCounters earlier) {
        return cts != earlier.cts || dsr != earlier.dsr || ri != earlier.ri || dcd != earlier.dcd;
    }
}
