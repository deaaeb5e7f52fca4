package io.github.nettyserial.internal;

import io.github.nettyserial.ModemLines;
import io.github.nettyserial.ModemLinesChangedEvent;
import io.github.nettyserial.SerialException;
import io.github.nettyserial.SerialLineErrorEvent;
import io.netty.channel.Channel;
import io.netty.util.concurrent.ScheduledFuture;
import io.netty.util.internal.logging.InternalLogger;
import io.netty.util.internal.logging.InternalLoggerFactory;
import java.util.concurrent.TimeUnit;

/**
 * Fires {@link ModemLinesChangedEvent} and {@link SerialLineErrorEvent} by sampling the modem lines and the
 * driver's counters on the channel's event loop. Linux has no readiness event for modem lines and its only
 * waiting call ({@code TIOCMIWAIT}) blocks a thread, so a short timer on the loop is the way without a thread
 * per port. It runs only while {@code MODEM_EVENTS} is on, so an idle port costs nothing otherwise.
 */
public final class ModemEventPoller implements Runnable {
    private static final InternalLogger logger = InternalLoggerFactory.getInstance(ModemEventPoller.class);

    private final Channel channel;
    private final SerialPort port;
    private final long periodMillis;
    private ScheduledFuture<?> task;
    private ModemLines lines;
    private LineCounters counters;

    public ModemEventPoller(Channel channel, SerialPort port, long periodMillis) {
        this.channel = channel;
        this.port = port;
        this.periodMillis = periodMillis;
    }

    /** Takes the first sample and starts the timer. Call on the loop. */
    public void start() {
        try {
            lines = port.modemLines();
            counters = port.counters();
        } catch (SerialException e) {
            logger.debug("{}: modem events not started", port.path(), e);
            return;
        }
        task = channel.eventLoop().scheduleAtFixedRate(this, periodMillis, periodMillis, TimeUnit.MILLISECONDS);
    }

    /** Stops the timer. Call on the loop. */
    public void stop() {
        if (task != null) {
            task.cancel(false);
            task = null;
        }
    }

    /** Only the inputs count: DTR and RTS change when this side sets them, which is no news to it. */
    private static boolean inputsDiffer(ModemLines a, ModemLines b) {
        return a.cts() != b.cts() || a.dsr() != b.dsr() || a.ri() != b.ri() || a.dcd() != b.dcd();
    }

    @Override
    public void run() {
        if (!channel.isActive()) {
            stop();
            return;
        }
        ModemLines nowLines;
        LineCounters nowCounters;
        try {
            nowLines = port.modemLines();
            nowCounters = port.counters();
        } catch (SerialException e) {
            // The read path reports a vanished port; a failing sample alone is not worth closing for.
            logger.debug("{}: modem line sample failed", port.path(), e);
            return;
        }
        if (inputsDiffer(nowLines, lines) || nowCounters.linesSince(counters)) {
            ModemLinesChangedEvent event = new ModemLinesChangedEvent(lines, nowLines,
                    nowCounters.cts() - counters.cts(), nowCounters.dsr() - counters.dsr(),
                    nowCounters.ri() - counters.ri(), nowCounters.dcd() - counters.dcd());
            lines = nowLines;
            channel.pipeline().fireUserEventTriggered(event);
        }
        if (nowCounters.errorsSince(counters)) {
            channel.pipeline().fireUserEventTriggered(new SerialLineErrorEvent(
                    nowCounters.frame() - counters.frame(), nowCounters.parity() - counters.parity(),
                    nowCounters.overrun() - counters.overrun(), nowCounters.bufferOverrun() - counters.bufferOverrun(),
                    nowCounters.brk() - counters.brk()));
        }
        counters = nowCounters;
    }
}
