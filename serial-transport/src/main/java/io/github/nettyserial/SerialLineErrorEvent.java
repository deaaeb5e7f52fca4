package io.github.nettyserial;

/**
 * Fired through the pipeline with {@code fireUserEventTriggered} when the driver has counted line errors
 * since the previous event: framing and parity errors, overruns (UART and buffer) and breaks received.
 * On Linux the counts come from {@code TIOCGICOUNT}, polled while {@link SerialChannelOption#MODEM_EVENTS}
 * is on; on Windows from {@code ClearCommError}.
 */
public final class SerialLineErrorEvent {
    private final int framingErrors;
    private final int parityErrors;
    private final int overruns;
    private final int bufferOverruns;
    private final int breaks;

    /**
     * @param framingErrors framing errors since the previous event
     * @param parityErrors parity errors since the previous event
     * @param overruns hardware (UART FIFO) overruns since the previous event
     * @param bufferOverruns driver buffer overruns since the previous event
     * @param breaks break conditions received since the previous event
     */
    public SerialLineErrorEvent(int framingErrors, int parityErrors, int overruns, int bufferOverruns, int breaks) {
        this.framingErrors = framingErrors;
        this.parityErrors = parityErrors;
        this.overruns = overruns;
        this.bufferOverruns = bufferOverruns;
        this.breaks = breaks;
    }

    /** Framing errors since the previous event. */
    public int framingErrors() {
        return framingErrors;
    }

    /** Parity errors since the previous event. */
    public int parityErrors() {
        return parityErrors;
    }

    /** Hardware overruns since the previous event. */
    public int overruns() {
        return overruns;
    }

    /** Driver buffer overruns since the previous event. */
    public int bufferOverruns() {
        return bufferOverruns;
    }

    /** Breaks received since the previous event. */
    public int breaks() {
        return breaks;
    }

    @Override
    public String toString() {
        return "SerialLineErrorEvent[framing=" + framingErrors + " parity=" + parityErrors + " overrun=" + overruns
                + " bufferOverrun=" + bufferOverruns + " break=" + breaks + ']';
    }
}
