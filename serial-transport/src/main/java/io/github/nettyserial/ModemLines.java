package io.github.nettyserial;

/**
 * A snapshot of the modem control lines: the inputs CTS, DSR, RI and DCD, and the outputs DTR and RTS.
 */
public final class ModemLines {
    private final boolean cts;
    private final boolean dsr;
    private final boolean ri;
    private final boolean dcd;
    private final boolean dtr;
    private final boolean rts;

    /**
     * @param cts clear to send (input)
     * @param dsr data set ready (input)
     * @param ri ring indicator (input)
     * @param dcd data carrier detect (input)
     * @param dtr data terminal ready (output)
     * @param rts request to send (output)
     */
    public ModemLines(boolean cts, boolean dsr, boolean ri, boolean dcd, boolean dtr, boolean rts) {
        this.cts = cts;
        this.dsr = dsr;
        this.ri = ri;
        this.dcd = dcd;
        this.dtr = dtr;
        this.rts = rts;
    }

    /** Clear to send. */
    public boolean cts() {
        return cts;
    }

    /** Data set ready. */
    public boolean dsr() {
        return dsr;
    }

    /** Ring indicator. */
    public boolean ri() {
        return ri;
    }

    /** Data carrier detect. */
    public boolean dcd() {
        return dcd;
    }

    /** Data terminal ready (an output). */
    public boolean dtr() {
        return dtr;
    }

    /** Request to send (an output). */
    public boolean rts() {
        return rts;
    }

    @Override
    public boolean equals(Object o) {
        if (!(o instanceof ModemLines)) {
            return false;
        }
        ModemLines m = (ModemLines) o;
        return cts == m.cts && dsr == m.dsr && ri == m.ri && dcd == m.dcd && dtr == m.dtr && rts == m.rts;
    }

    @Override
    public int hashCode() {
        return (cts ? 1 : 0) | (dsr ? 2 : 0) | (ri ? 4 : 0) | (dcd ? 8 : 0) | (dtr ? 16 : 0) | (rts ? 32 : 0);
    }

    @Override
    public String toString() {
        return "ModemLines[CTS=" + on(cts) + " DSR=" + on(dsr) + " RI=" + on(ri) + " DCD=" + on(dcd)
                + " DTR=" + on(dtr) + " RTS=" + on(rts) + ']';
    }

    private static String on(boolean b) {
        return b ? "on" : "off";
    }
}
