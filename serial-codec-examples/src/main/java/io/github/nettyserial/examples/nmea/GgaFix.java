package io.github.nettyserial.examples.nmea;

import java.time.LocalTime;

/**
 * A GGA sentence: time, position and fix quality. Empty fields are {@code null} (time) or {@code NaN}
 * (numbers); {@code quality} 0 means no fix.
 *
 * @param talker the talker, e.g. {@code GP} or {@code GN}
 * @param time UTC time of the fix
 * @param latitude degrees, south negative
 * @param longitude degrees, west negative
 * @param quality 0 no fix, 1 GPS, 2 DGPS, 4 RTK fixed, 5 RTK float, 6 dead reckoning, ...
 * @param satellites satellites in use, or -1
 * @param hdop horizontal dilution of precision
 * @param altitude metres above mean sea level
 * @param geoidSeparation metres, geoid above the WGS-84 ellipsoid
 */
public record GgaFix(String talker, LocalTime time, double latitude, double longitude, int quality,
                     int satellites, double hdop, double altitude, double geoidSeparation) {

    /** Whether the receiver has a fix. */
    public boolean hasFix() {
        return quality > 0;
    }
}
