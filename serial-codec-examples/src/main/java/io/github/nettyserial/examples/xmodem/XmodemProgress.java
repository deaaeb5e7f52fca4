package io.github.nettyserial.examples.xmodem;

/**
 * Told on the channel's event loop each time a block of file data has been acknowledged (sender) or accepted
 * (receiver), for a progress display. It must not block.
 */
@FunctionalInterface
public interface XmodemProgress {

    /** Does nothing. */
    XmodemProgress NONE = (name, bytes, total) -> { };

    /**
     * @param name the file's name (YMODEM), or {@code null}
     * @param bytes the bytes of this file transferred so far
     * @param total the file's size, or -1 when the protocol does not carry it (XMODEM receive)
     */
    void progress(String name, long bytes, long total);
}
