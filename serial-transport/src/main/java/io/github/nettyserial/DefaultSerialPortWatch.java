package io.github.nettyserial;

import io.netty.channel.EventLoop;
import io.netty.util.internal.logging.InternalLogger;
import io.netty.util.internal.logging.InternalLoggerFactory;
import java.io.IOException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Executor;

/**
 * The platform-independent half of a watch. When the platform says something changed, it rescans on a
 * scanning executor (a scan reads sysfs or SetupAPI: blocking I/O that must not hold up the channels sharing
 * the watch's loop), then diffs on the loop against the ports it knew and delivers removals then arrivals.
 * Changes that come while a scan runs are folded into one more scan. A port whose description changed under
 * the same name (re-plugged between two scans) is reported as removed and arrived.
 */
final class DefaultSerialPortWatch implements SerialPortWatch {
    private static final InternalLogger logger = InternalLoggerFactory.getInstance(DefaultSerialPortWatch.class);

    /** Lists the ports present now. */
    interface Scanner {
        List<SerialPortInfo> scan() throws IOException;
    }

    private final Scanner scanner;
    private final SerialPortListener listener;
    private final EventLoop loop;
    private final Executor scanning;
    private final Runnable onClose;
    /** By device; touched only on the loop. */
    private final Map<String, SerialPortInfo> known = new LinkedHashMap<>();
    /** Loop-only: the first scan has been taken in; a scan is under way; a change came during it. */
    private boolean initialized;
    private boolean scanInFlight;
    private boolean rescanWanted;
    private volatile List<SerialPortInfo> ports = List.of();
    private volatile boolean closed;
    private volatile AutoCloseable source;

    DefaultSerialPortWatch(Scanner scanner, SerialPortListener listener, EventLoop loop, Executor scanning,
                           Runnable onClose) {
        this.scanner = scanner;
        this.listener = listener;
        this.loop = loop;
        this.scanning = scanning;
        this.onClose = onClose;
    }

    /**
     * Takes the first scan on the caller's thread (not reported as events). Call after the event source is
     * open, so a change is either in this scan or triggers a rescan after it.
     */
    void initialize() throws IOException {
        List<SerialPortInfo> first = SerialPorts.sorted(scanner.scan());
        ports = first;
        loop.execute(() -> {
            update(first);
            initialized = true;
            if (rescanWanted) {
                rescanWanted = false;
                rescan();
            }
        });
    }

    /** What tells this watch to rescan (the uevent socket, a timer); closed with the watch. */
    void source(AutoCloseable source) {
        this.source = source;
        if (closed) {
            closeSource();
        }
    }

    /** Something may have changed: scan off the loop, then deliver the differences on it. Call on the loop. */
    void rescan() {
        if (closed) {
            return;
        }
        if (!initialized || scanInFlight) {
            rescanWanted = true;
            return;
        }
        scanInFlight = true;
        scanning.execute(() -> {
            List<SerialPortInfo> now = null;
            try {
                now = SerialPorts.sorted(scanner.scan());
            } catch (IOException | RuntimeException e) {
                logger.warn("serial port rescan failed; will retry on the next change", e);
            }
            List<SerialPortInfo> scanned = now;
            loop.execute(() -> scanned(scanned));
        });
    }

    private void scanned(List<SerialPortInfo> now) {
        scanInFlight = false;
        if (now != null) {
            deliver(update(now));
        }
        if (rescanWanted) {
            rescanWanted = false;
            rescan();
        }
    }

    private void deliver(List<SerialPortEvent> events) {
        for (SerialPortEvent event : events) {
            if (closed) {
                return;
            }
            try {
                listener.portChanged(event);
            } catch (Throwable t) {
                logger.warn("SerialPortListener threw on {}", event, t);
            }
        }
    }

    /** Replaces what is known with {@code now} and returns the events that take one to the other. */
    List<SerialPortEvent> update(List<SerialPortInfo> now) {
        Map<String, SerialPortInfo> next = new LinkedHashMap<>();
        for (SerialPortInfo p : now) {
            next.put(p.device(), p);
        }
        List<SerialPortEvent> events = new ArrayList<>();
        for (SerialPortInfo old : known.values()) {
            if (!old.equals(next.get(old.device()))) {
                events.add(new SerialPortEvent(SerialPortEvent.Type.REMOVED, old));
            }
        }
        for (SerialPortInfo p : next.values()) {
            if (!p.equals(known.get(p.device()))) {
                events.add(new SerialPortEvent(SerialPortEvent.Type.ARRIVED, p));
            }
        }
        known.clear();
        known.putAll(next);
        ports = List.copyOf(now);
        return events;
    }

    @Override
    public List<SerialPortInfo> ports() {
        return ports;
    }

    @Override
    public void close() {
        if (closed) {
            return;
        }
        closed = true;
        closeSource();
        onClose.run();
    }

    private void closeSource() {
        AutoCloseable s = source;
        if (s != null) {
            try {
                s.close();
            } catch (Exception e) {
                logger.debug("closing the serial port watch source", e);
            }
        }
    }
}
