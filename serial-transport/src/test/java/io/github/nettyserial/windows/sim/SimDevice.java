package io.github.nettyserial.windows.sim;

import io.github.nettyserial.windows.Win32;

/**
 * One simulated COM port: its driver state (DCB bytes, queues, lines, error bits) and the wiring to its
 * peer. Null-modem wiring as com0com does it: our RTS → peer CTS, our DTR → peer DSR and DCD, our TX →
 * peer RX. RI is set by the test. All state is guarded by the kernel's lock.
 */
public final class SimDevice {
    final SimKernel kernel;
    final String name;
    SimDevice peer;
    SimKernel.SimFile openFile;

    /** The driver's DCB as GetCommState returns it. */
    final byte[] dcb = new byte[28];
    /** The driver's receive queue. */
    byte[] rx;
    int rxLength;

    boolean dtr;
    boolean rts;
    boolean ring;
    boolean breakOn;
    int errors;
    int maxBaud = 3_000_000;
    /** When positive, SetCommState keeps the nearest multiple of it (GetCommState reads that back). */
    int baudStep;
    boolean unplugged;
    int unpluggedError = Win32.ERROR_BAD_COMMAND;
    boolean holdIntervalTimer;
    boolean zeroByteReads;
    boolean waitIgnoresCancel;
    /** Yanked, and the driver never completes what was in flight (nor cancels it). */
    boolean hung;
    /** CTS driven by the test instead of by the peer's RTS, or null. */
    Boolean ctsFromWire;
    int rxQueueBytes;

    SimDevice(SimKernel kernel, String name, int rxQueueBytes) {
        this.kernel = kernel;
        this.name = name;
        this.rxQueueBytes = rxQueueBytes;
        this.rx = new byte[rxQueueBytes];
        // What serial.sys reports before anyone configured the port: 9600 8N1, binary, DTR and RTS enabled.
        putInt(0, 28);
        putInt(4, 9600);
        putInt(8, 0x1 | (1 << 4) | (1 << 12));
        putShort(14, 2048);
        putShort(16, 512);
        dcb[18] = 8;
        dcb[21] = 0x11;
        dcb[22] = 0x13;
    }

    /** The port's name, e.g. {@code COM10}. */
    public String name() {
        return name;
    }

    int getInt(int off) {
        return (dcb[off] & 0xff) | (dcb[off + 1] & 0xff) << 8 | (dcb[off + 2] & 0xff) << 16 | (dcb[off + 3] & 0xff) << 24;
    }

    void putInt(int off, int v) {
        dcb[off] = (byte) v;
        dcb[off + 1] = (byte) (v >> 8);
        dcb[off + 2] = (byte) (v >> 16);
        dcb[off + 3] = (byte) (v >> 24);
    }

    void putShort(int off, int v) {
        dcb[off] = (byte) v;
        dcb[off + 1] = (byte) (v >> 8);
    }

    // ---- what a test can look at and do, all under the kernel's lock ----

    /** The baud rate the driver is set to. */
    public int baudRate() {
        synchronized (kernel.lock) {
            return getInt(4);
        }
    }

    /** Data bits (DCB.ByteSize). */
    public int byteSize() {
        synchronized (kernel.lock) {
            return dcb[18];
        }
    }

    /** DCB.Parity (0 none .. 4 space). */
    public int parity() {
        synchronized (kernel.lock) {
            return dcb[19];
        }
    }

    /** DCB.StopBits (0 one, 1 one and a half, 2 two). */
    public int stopBits() {
        synchronized (kernel.lock) {
            return dcb[20];
        }
    }

    /** The DCB flags DWORD. */
    public int dcbFlags() {
        synchronized (kernel.lock) {
            return getInt(8);
        }
    }

    /** Our DTR output. */
    public boolean dtr() {
        synchronized (kernel.lock) {
            return dtr;
        }
    }

    /** Our RTS output. */
    public boolean rts() {
        synchronized (kernel.lock) {
            return rts;
        }
    }

    /** Whether a handle to the port is open. */
    public boolean isOpen() {
        synchronized (kernel.lock) {
            return openFile != null;
        }
    }

    /** Bytes in the driver's receive queue. */
    public int rxQueued() {
        synchronized (kernel.lock) {
            return rxLength;
        }
    }

    /** Sets our ring-indicator input, as the modem on the other end would. */
    public void ring(boolean on) {
        synchronized (kernel.lock) {
            if (ring != on) {
                ring = on;
                kernel.raiseEvents(this, Win32.EV_RING);
            }
        }
    }

    /** A line error (CE_FRAME, CE_RXPARITY, ...) seen by the UART: EV_ERR and a ClearCommError bit. */
    public void lineError(int ceBits) {
        synchronized (kernel.lock) {
            errors |= ceBits;
            kernel.raiseEvents(this, Win32.EV_ERR);
        }
    }

    /** Bytes arrive on the wire: into the receive queue (what does not fit is lost), and to a pending read. */
    public void receive(byte... data) {
        synchronized (kernel.lock) {
            int n = Math.min(data.length, rx.length - rxLength);
            System.arraycopy(data, 0, rx, rxLength, n);
            rxLength += n;
            kernel.serviceReads(this);
        }
    }

    /** The CTS input, as the other end drives it: EV_CTS on every change. */
    public void cts(boolean on) {
        synchronized (kernel.lock) {
            boolean was = ctsFromWire == null ? peer != null && peer.openFile != null && peer.rts : ctsFromWire;
            ctsFromWire = on;
            if (was != on) {
                kernel.raiseEvents(this, Win32.EV_CTS);
            }
        }
    }

    /**
     * A driver whose reads complete at once with 0 bytes (STATUS_TIMEOUT), for as long as {@code on} and
     * nothing is queued.
     */
    public void zeroByteReads(boolean on) {
        synchronized (kernel.lock) {
            zeroByteReads = on;
            kernel.serviceReads(this);
        }
    }

    /**
     * A driver whose WaitCommEvent ignores CancelIoEx: only SetCommMask wakes it (libserialport and .NET call
     * SetCommMask(0) at close because a Cypress driver kept the port busy otherwise).
     */
    public void waitIgnoresCancel(boolean on) {
        synchronized (kernel.lock) {
            waitIgnoresCancel = on;
        }
    }

    /** A copy of the driver's DCB as GetCommState returns it. */
    public byte[] dcb() {
        synchronized (kernel.lock) {
            return dcb.clone();
        }
    }

    /** Changes one byte of what the driver reports (its XonLim, special characters, ...), as a driver would. */
    public void dcbByte(int offset, int value) {
        synchronized (kernel.lock) {
            dcb[offset] = (byte) value;
        }
    }

    /** Refuses baud rates above {@code max} with ERROR_INVALID_PARAMETER, like a driver with a fixed clock. */
    public void maxBaud(int max) {
        synchronized (kernel.lock) {
            maxBaud = max;
        }
    }

    /**
     * Makes the driver round every baud rate to the nearest multiple of {@code step} instead of refusing it,
     * as drivers with a fixed clock divider do; GetCommState then reads back the rate really set.
     */
    public void roundBaudTo(int step) {
        synchronized (kernel.lock) {
            baudStep = step;
        }
    }

    /**
     * Freezes (or releases) the inter-byte interval timer: pending reads take bytes into their buffer but
     * do not complete while frozen, as on a line that keeps sending within the interval.
     */
    public void holdIntervalTimer(boolean hold) {
        synchronized (kernel.lock) {
            holdIntervalTimer = hold;
            if (!hold) {
                kernel.serviceReads(this);
            }
        }
    }

    /**
     * The adapter is pulled: every operation in flight completes with {@code pendingError}, and every later
     * call on the handle fails with {@code laterError}.
     */
    public void unplug(int pendingError, int laterError) {
        synchronized (kernel.lock) {
            unplugged = true;
            unpluggedError = laterError;
            kernel.failAll(this, pendingError);
        }
    }

    /**
     * The adapter is pulled and its driver never completes the I/O in flight, not even when it is cancelled
     * or the handle closed (seen on some USB serial drivers); every later call fails with {@code laterError}.
     */
    public void unplugNeverCompleting(int laterError) {
        synchronized (kernel.lock) {
            unplugged = true;
            hung = true;
            unpluggedError = laterError;
        }
    }

    @Override
    public String toString() {
        return "SimDevice[" + name + ']';
    }
}
