package io.github.nettyserial;

import java.util.List;

/**
 * A running watch for serial ports arriving and going away, from {@link SerialPorts#watch(SerialPortListener)}.
 * Close it to stop the events and release the operating-system handle behind it.
 */
public interface SerialPortWatch extends AutoCloseable {

    /**
     * The ports as the watch last saw them: at first what was present when the watch started, then updated
     * just before each batch of events is delivered. Taking this list and the events from one watch never
     * misses or repeats a port, unlike calling {@link SerialPorts#list()} next to it.
     */
    List<SerialPortInfo> ports();

    /** Stops the events; idempotent. No event is delivered once this returns on the watch's event loop. */
    @Override
    void close();
}
