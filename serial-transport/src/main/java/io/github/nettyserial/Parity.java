package io.github.nettyserial;

/** The parity bit of each character. */
public enum Parity {
    /** No parity bit. */
    NONE,
    /** The parity bit makes the count of ones odd. */
    ODD,
    /** The parity bit makes the count of ones even. */
    EVEN,
    /** The parity bit is always 1. */
    MARK,
    /** The parity bit is always 0. */
    SPACE
}
