package io.github.nettyserial;

/**
 * Fired through the pipeline with {@code fireUserEventTriggered} when an input modem line changes while
 * {@link SerialChannelOption#MODEM_EVENTS} is on. Counts of transitions catch short pulses (a ring)
 * that a sampled level would miss, where the driver counts them.
 */
public final class ModemLinesChangedEvent {
    private final ModemLines previous;
    private final ModemLines current;
    private final int ctsChanges;
    private final int dsrChanges;
    private final int riChanges;
    private final int dcdChanges;

    /**
     * @param previous the lines before the change
     * @param current the lines now
     * @param ctsChanges CTS transitions counted by the driver since the previous event
     * @param dsrChanges DSR transitions counted since the previous event
     * @param riChanges RI transitions counted since the previous event
     * @param dcdChanges DCD transitions counted since the previous event
     */
    public ModemLinesChangedEvent(ModemLines previous, ModemLines current,
                                  int ctsChanges, int dsrChanges, int riChanges, int dcdChanges) {
        this.previous = previous;
        this.current = current;
        this.ctsChanges = ctsChanges;
        this.dsrChanges = dsrChanges;
        this.riChanges = riChanges;
        this.dcdChanges = dcdChanges;
    }

    /** The lines before the change. */
    public ModemLines previous() {
        return previous;
    }

    /** The lines now. */
    public ModemLines current() {
        return current;
    }

    /** CTS transitions counted by the driver since the previous event (0 where the driver does not count). */
    public int ctsChanges() {
        return ctsChanges;
    }

    /** DSR transitions since the previous event. */
    public int dsrChanges() {
        return dsrChanges;
    }

    /** RI transitions since the previous event. */
    public int riChanges() {
        return riChanges;
    }

    /** DCD transitions since the previous event. */
    public int dcdChanges() {
        return dcdChanges;
    }

    @Override
    public String toString() {
        return "ModemLinesChangedEvent[" + previous + " -> " + current + ", changes CTS=" + ctsChanges
                + " DSR=" + dsrChanges + " RI=" + riChanges + " DCD=" + dcdChanges + ']';
    }
}
