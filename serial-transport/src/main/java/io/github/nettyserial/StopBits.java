package io.github.nettyserial;

/** How many stop bits end each character. */
public enum StopBits {
    /** One stop bit. */
    ONE,
    /**
     * One and a half stop bits. Linux can express it only with 5 data bits (where a 16550-class UART
     * sends 1.5 when asked for 2); otherwise it goes through {@link UnsupportedPolicy}.
     */
    ONE_POINT_FIVE,
    /** Two stop bits. */
    TWO
}
