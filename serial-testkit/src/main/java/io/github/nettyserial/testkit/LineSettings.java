package io.github.nettyserial.testkit;

import io.github.nettyserial.Parity;

/**
 * The line settings of a virtual port as the device end sees them (the kernel's termios of the line), so a
 * test can check what a {@code SerialChannel} configured. A pseudo-terminal stores the baud rate but always
 * carries 8 data bits and no parity.
 *
 * @param baudRate the output speed
 * @param dataBits data bits
 * @param parity parity
 * @param twoStopBits whether CSTOPB is set
 * @param rtsCts whether CRTSCTS is set
 * @param xonXoff whether IXON and IXOFF are set
 * @param raw whether the line is in raw mode with VMIN=1, VTIME=0
 */
public record LineSettings(int baudRate, int dataBits, Parity parity, boolean twoStopBits, boolean rtsCts,
                           boolean xonXoff, boolean raw) {
}
