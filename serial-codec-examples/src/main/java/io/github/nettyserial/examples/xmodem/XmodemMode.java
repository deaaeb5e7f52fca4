package io.github.nettyserial.examples.xmodem;

/** The protocol variant of a transfer. */
public enum XmodemMode {
    /** XMODEM: 128-byte blocks, CRC-16 when the receiver asks with {@code C}, else an 8-bit checksum. */
    XMODEM(128),
    /** XMODEM-1K: 1024-byte blocks (128 for a short tail), CRC-16. */
    XMODEM_1K(1024),
    /** YMODEM batch: block 0 carries name and size, 1024-byte data blocks, a block 0 without name ends it. */
    YMODEM(1024);

    private final int blockSize;

    XmodemMode(int blockSize) {
        this.blockSize = blockSize;
    }

    /** The data block size the sender uses. */
    public int blockSize() {
        return blockSize;
    }
}
