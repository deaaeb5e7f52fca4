package io.github.nettyserial;

/**
 * Kernel-driven RS-485 half-duplex mode: the driver switches the transceiver by RTS around each
 * transmission. Set it with {@link SerialChannelOption#RS485}; {@code null} leaves the port as the driver
 * has it. Build one with {@link #builder()}.
 */
public final class Rs485Config {
    private final boolean rtsOnSend;
    private final boolean rtsAfterSend;
    private final int delayRtsBeforeSendMillis;
    private final int delayRtsAfterSendMillis;
    private final boolean receiveDuringTransmit;
    private final boolean terminateBus;

    private Rs485Config(Builder b) {
        this.rtsOnSend = b.rtsOnSend;
        this.rtsAfterSend = b.rtsAfterSend;
        this.delayRtsBeforeSendMillis = b.delayRtsBeforeSendMillis;
        this.delayRtsAfterSendMillis = b.delayRtsAfterSendMillis;
        this.receiveDuringTransmit = b.receiveDuringTransmit;
        this.terminateBus = b.terminateBus;
    }

    /** A builder with the common defaults: RTS high while sending, low after, no delays. */
    public static Builder builder() {
        return new Builder();
    }

    /** Whether RTS is high (logical 1) while sending. */
    public boolean rtsOnSend() {
        return rtsOnSend;
    }

    /** Whether RTS is high after sending. */
    public boolean rtsAfterSend() {
        return rtsAfterSend;
    }

    /** Delay between raising RTS and the first bit, in milliseconds. */
    public int delayRtsBeforeSendMillis() {
        return delayRtsBeforeSendMillis;
    }

    /** Delay between the last bit and dropping RTS, in milliseconds. */
    public int delayRtsAfterSendMillis() {
        return delayRtsAfterSendMillis;
    }

    /** Whether the receiver stays on while transmitting (hear our own echo). */
    public boolean receiveDuringTransmit() {
        return receiveDuringTransmit;
    }

    /** Whether the driver enables the bus termination resistor, where the hardware has one. */
    public boolean terminateBus() {
        return terminateBus;
    }

    @Override
    public boolean equals(Object o) {
        if (!(o instanceof Rs485Config)) {
            return false;
        }
        Rs485Config r = (Rs485Config) o;
        return rtsOnSend == r.rtsOnSend && rtsAfterSend == r.rtsAfterSend
                && delayRtsBeforeSendMillis == r.delayRtsBeforeSendMillis
                && delayRtsAfterSendMillis == r.delayRtsAfterSendMillis
                && receiveDuringTransmit == r.receiveDuringTransmit && terminateBus == r.terminateBus;
    }

    @Override
    public int hashCode() {
        int h = (rtsOnSend ? 1 : 0) | (rtsAfterSend ? 2 : 0) | (receiveDuringTransmit ? 4 : 0) | (terminateBus ? 8 : 0);
        return (h * 31 + delayRtsBeforeSendMillis) * 31 + delayRtsAfterSendMillis;
    }

    @Override
    public String toString() {
        return "Rs485Config[rtsOnSend=" + rtsOnSend + ", rtsAfterSend=" + rtsAfterSend
                + ", delayBefore=" + delayRtsBeforeSendMillis + "ms, delayAfter=" + delayRtsAfterSendMillis
                + "ms, rxDuringTx=" + receiveDuringTransmit + ", terminateBus=" + terminateBus + ']';
    }

    /** Builds an {@link Rs485Config}. */
    public static final class Builder {
        private boolean rtsOnSend = true;
        private boolean rtsAfterSend;
        private int delayRtsBeforeSendMillis;
        private int delayRtsAfterSendMillis;
        private boolean receiveDuringTransmit;
        private boolean terminateBus;

        private Builder() {
        }

        /** @param v whether RTS is high while sending @return this */
        public Builder rtsOnSend(boolean v) {
            rtsOnSend = v;
            return this;
        }

        /** @param v whether RTS is high after sending @return this */
        public Builder rtsAfterSend(boolean v) {
            rtsAfterSend = v;
            return this;
        }

        /** @param millis delay before sending, 0 or more @return this */
        public Builder delayRtsBeforeSendMillis(int millis) {
            delayRtsBeforeSendMillis = checkDelay("delayRtsBeforeSendMillis", millis);
            return this;
        }

        /** @param millis delay after sending, 0 or more @return this */
        public Builder delayRtsAfterSendMillis(int millis) {
            delayRtsAfterSendMillis = checkDelay("delayRtsAfterSendMillis", millis);
            return this;
        }

        /** @param v whether to keep receiving while sending @return this */
        public Builder receiveDuringTransmit(boolean v) {
            receiveDuringTransmit = v;
            return this;
        }

        /** @param v whether to switch on the termination resistor @return this */
        public Builder terminateBus(boolean v) {
            terminateBus = v;
            return this;
        }

        /** @return the configuration */
        public Rs485Config build() {
            return new Rs485Config(this);
        }

        private static int checkDelay(String name, int millis) {
            if (millis < 0) {
                throw new IllegalArgumentException("Rs485Config." + name + " must be 0 or more, was " + millis);
            }
            return millis;
        }
    }
}
