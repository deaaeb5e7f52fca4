package io.github.nettyserial;

import io.netty.util.internal.logging.InternalLogger;
import io.netty.util.internal.logging.InternalLoggerFactory;
import java.io.IOException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The platform-independent half of a watch: rescans on the event loop when the platform says something
 * changed, diffs against the ports it knew, and delivers removals then arrivals. A port whose description
 * changed under the same name (re-plugged between two scans) is reported as removed and arrived.
 */
final class DefaultSerialPortWatch implements SerialPortWatch {
    private static final InternalLogger logger = InternalLoggerFactory.getInstance(DefaultSerialPortWatch.class);

    /** Lists the ports present now. */
    interface Scanner {
        List<SerialPortInfo> scan() throws IOException;
    }

    private final Scanner scanner;
    private final SerialPortListener listener;
    /** By device; touched only on the watch's event loop once the watch runs. */
    private final Map<String, SerialPortInfo> known = new LinkedHashMap<>();
    private boolean initialized;
    private volatile List<SerialPortInfo> ports = List.of();
    private volatile boolean closed;
    private volatile AutoCloseable source;

    DefaultSerialPortWatch(Scanner scanner, SerialPortListener listener) {
        this.scanner = scanner;
        this.listener = listener;
    }

    /**
     * Takes the first scan, which is not reported as events; runs on the watch's event loop, after the event
     * source is open, so a change is either in this scan or triggers a rescan after it.
     */
    void initialize() throws IOException {
        if (!initialized) {
            update(scanner.scan());
            initialized = true;
        }
    }

    /** What tells this watch to rescan (the uevent socket, a timer); closed with the watch. */
    void source(AutoCloseable source) {
        this.source = source;
        if (closed) {
            closeSource();
        }
    }

    /** Rescans and delivers the differences; runs on the watch's event loop. */
    void rescan() {
        if (closed) {
            return;
        }
        List<SerialPortInfo> now;
        try {
            if (!initialized) {
                initialize(); // an event came before the first scan: the first scan covers it
                return;
            }
            now = scanner.scan();
        } catch (IOException | RuntimeException e) {
            logger.warn("serial port rescan failed; will retry on the next change", e);
            return;
        }
        for (SerialPortEvent event : update(now)) {
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
