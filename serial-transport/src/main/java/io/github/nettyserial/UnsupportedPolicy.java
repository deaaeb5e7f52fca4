package io.github.nettyserial;

/**
 * What to do when the port or its driver cannot do what an option asks (a baud rate the driver
 * clamps, parity on a pseudo-terminal, 1.5 stop bits on Linux, DSR/DTR flow control, ...).
 */
public enum UnsupportedPolicy {
    /** Fail with {@link UnsupportedSerialConfigurationException} or {@link UnsupportedSerialFeatureException}; the old settings stay. */
    RAISE,
    /** Log a warning that says what was asked and what the port does instead, and carry on. */
    WARN,
    /** Carry on silently with what the port does. */
    IGNORE
}
