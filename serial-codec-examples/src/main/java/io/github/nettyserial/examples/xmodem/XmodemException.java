package io.github.nettyserial.examples.xmodem;

import java.io.IOException;

/** A file transfer failed: cancelled by the other side, too many errors, a timeout or a protocol error. */
public class XmodemException extends IOException {

    public XmodemException(String message) {
        super(message);
    }
}
