package io.github.nettyserial.internal;

import io.github.nettyserial.ModemLines;
import io.github.nettyserial.SerialException;
import io.netty.util.concurrent.Future;

/**
 * The control side of one open port, as each platform backend implements it: line settings, modem lines,
 * break, purge, queue sizes and counters. Every method is quick (no waiting on the line) and is called on
 * the channel's event loop. The data path lives in {@link SerialIo}.
 */
public interface SerialPort {

    /** The device path. */
    String path();

    /**
     * Applies {@code next} as a whole. If the driver refuses a setting, or reads back something other than
     * was asked, the port is put back to {@code previous} and the future fails with a typed
     * {@link SerialException}, unless {@link SerialSettings#unsupportedPolicy()} says to warn or ignore: then
     * it completes with what the port really does.
     *
     * @param previous the settings in force
     * @param next the settings wanted
     * @return the settings in effect: done at once for a local port, later for one that asks a server
     */
    Future<SerialSettings> apply(SerialSettings previous, SerialSettings next);

    /** The modem lines now. */
    ModemLines modemLines() throws SerialException;

    /** The driver's cumulative line counters, for change and error events. */
    LineCounters counters() throws SerialException;

    /** Starts ({@code true}) or ends a break condition on the transmit line. */
    void setBreak(boolean on) throws SerialException;

    /** Discards what the driver holds in its input queue, its output queue, or both. */
    void discard(boolean input, boolean output) throws SerialException;

    /** Bytes received by the driver and not yet read. */
    int bytesAvailable() throws SerialException;

    /** Bytes handed to the driver and not yet sent on the line. */
    int bytesQueued() throws SerialException;

    /** Whether the driver and UART have sent every byte handed to them (output queue and shift register empty). */
    boolean outputDrained() throws SerialException;

    /** Restores what the port changed in the driver (low latency, exclusivity) and closes it. Idempotent. */
    void close();
}
