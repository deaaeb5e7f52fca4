package io.github.nettyserial;

/** How the two ends pause each other. */
public enum FlowControl {
    /** No flow control. */
    NONE,
    /** Hardware flow control on the RTS and CTS lines. */
    RTS_CTS,
    /**
     * Hardware flow control on the DTR and DSR lines. Linux has no kernel support for it, so there it
     * goes through {@link UnsupportedPolicy}.
     */
    DSR_DTR,
    /** Software flow control with XON (0x11) and XOFF (0x13) in the data stream. */
    XON_XOFF
}
