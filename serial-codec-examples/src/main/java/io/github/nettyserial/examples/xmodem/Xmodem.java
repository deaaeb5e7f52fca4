package io.github.nettyserial.examples.xmodem;

/** Control bytes of XMODEM and YMODEM. */
final class Xmodem {

    static final byte SOH = 0x01;
    static final byte STX = 0x02;
    static final byte EOT = 0x04;
    static final byte ACK = 0x06;
    static final byte NAK = 0x15;
    static final byte CAN = 0x18;
    static final byte CRC_REQUEST = 'C';
    static final byte PAD = 0x1A;
    static final int MAX_RETRIES = 10;

    private Xmodem() {
    }
}
