package io.github.nettyserial;

import java.util.Objects;

/** A serial port arrived or went away; delivered to a {@link SerialPortListener} by a {@link SerialPortWatch}. */
public final class SerialPortEvent {

    /** What happened to the port. */
    public enum Type {
        /** The port appeared (plugged in, driver bound). */
        ARRIVED,
        /** The port disappeared (unplugged, driver unbound). */
        REMOVED
    }

    private final Type type;
    private final SerialPortInfo port;

    /**
     * @param type what happened
     * @param port the port as it was listed (for {@link Type#REMOVED}: as last seen)
     */
    public SerialPortEvent(Type type, SerialPortInfo port) {
        this.type = Objects.requireNonNull(type, "type");
        this.port = Objects.requireNonNull(port, "port");
    }

    /** What happened to the port. */
    public Type type() {
        return type;
    }

    /** The port; for a removal, as it was last seen. */
    public SerialPortInfo port() {
        return port;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof SerialPortEvent && ((SerialPortEvent) o).type == type && ((SerialPortEvent) o).port.equals(port);
    }

    @Override
    public int hashCode() {
        return type.hashCode() * 31 + port.hashCode();
    }

    @Override
    public String toString() {
        return type + " " + port;
    }
}
