package io.github.nettyserial.examples.nmea;

import java.time.LocalDate;
import java.time.LocalTime;

/**
 * An RMC sentence: the recommended minimum of time, date, position, speed and course. Empty fields are
 * {@code null} or {@code NaN}.
 *
 * @param talker the talker, e.g. {@code GP}
 * @param time UTC time
 * @param date UTC date (two-digit years are read as 1980..2079)
 * @param valid status {@code A}: the data are valid
 * @param latitude degrees, south negative
 * @param longitude degrees, west negative
 * @param speedKnots speed over ground
 * @param courseDegrees course over ground, true north
 */
public record RmcFix(String talker, LocalTime time, LocalDate date, boolean valid, double latitude,
                     double longitude, double speedKnots, double courseDegrees) {
}
