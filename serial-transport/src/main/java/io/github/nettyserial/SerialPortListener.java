package io.github.nettyserial;

/**
 * Told when serial ports arrive and go away; see {@link SerialPorts#watch(SerialPortListener)}. Called on the
 * watch's event loop, one event at a time, removals of a change before its arrivals: do not block in it.
 */
@FunctionalInterface
public interface SerialPortListener {

    /** A port arrived or went away. An exception thrown here is logged and does not stop the watch. */
    void portChanged(SerialPortEvent event);
}
