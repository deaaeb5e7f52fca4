package io.github.nettyserial.examples.nmea;

import io.netty.channel.ChannelHandler.Sharable;
import io.netty.channel.ChannelHandlerContext;
import io.netty.handler.codec.CorruptedFrameException;
import io.netty.handler.codec.MessageToMessageDecoder;
import java.time.LocalDate;
import java.time.LocalTime;
import java.time.DateTimeException;
import java.util.List;

/**
 * Turns GGA and RMC {@link NmeaSentence}s into {@link GgaFix} and {@link RmcFix}; every other sentence passes
 * through unchanged. A GGA or RMC with a field that is not a number where one belongs raises a
 * {@link CorruptedFrameException}. Place it after an {@link NmeaSentenceDecoder}.
 */
@Sharable
public class NmeaFixDecoder extends MessageToMessageDecoder<NmeaSentence> {

    public NmeaFixDecoder() {
        super(NmeaSentence.class);
    }

    @Override
    protected void decode(ChannelHandlerContext ctx, NmeaSentence s, List<Object> out) {
        if (s.isProprietary()) {
            out.add(s);
            return;
        }
        try {
            switch (s.type()) {
                case "GGA" -> out.add(new GgaFix(s.talker(), time(s.field(0)),
                        coordinate(s.field(1), s.field(2), 2, 'S'), coordinate(s.field(3), s.field(4), 3, 'W'),
                        integer(s.field(5), 0), integer(s.field(6), -1), number(s.field(7)), number(s.field(8)),
                        number(s.field(10))));
                case "RMC" -> out.add(new RmcFix(s.talker(), time(s.field(0)), date(s.field(8)),
                        "A".equals(s.field(1)), coordinate(s.field(2), s.field(3), 2, 'S'),
                        coordinate(s.field(4), s.field(5), 3, 'W'), number(s.field(6)), number(s.field(7))));
                default -> out.add(s);
            }
        } catch (NumberFormatException | DateTimeException | IndexOutOfBoundsException e) {
            throw new CorruptedFrameException("NMEA " + s.address() + ": bad field (" + e.getMessage() + "): " + s, e);
        }
    }

    private static LocalTime time(String f) {
        if (f.isEmpty()) {
            return null;
        }
        int h = Integer.parseInt(f.substring(0, 2));
        int m = Integer.parseInt(f.substring(2, 4));
        double sec = Double.parseDouble(f.substring(4));
        return LocalTime.of(h, m, (int) sec, (int) Math.round((sec - (int) sec) * 1e9) % 1_000_000_000);
    }

    private static LocalDate date(String f) {
        if (f.isEmpty()) {
            return null;
        }
        if (f.length() != 6) {
            throw new NumberFormatException("date \"" + f + "\" is not ddmmyy");
        }
        int yy = Integer.parseInt(f.substring(4, 6));
        return LocalDate.of(yy < 80 ? 2000 + yy : 1900 + yy, Integer.parseInt(f.substring(2, 4)),
                Integer.parseInt(f.substring(0, 2)));
    }

    /** ddmm.mmmm (or dddmm.mmmm) plus a hemisphere letter, to signed degrees. */
    private static double coordinate(String value, String hemisphere, int degreeDigits, char negative) {
        if (value.isEmpty()) {
            return Double.NaN;
        }
        double degrees = Integer.parseInt(value.substring(0, degreeDigits))
                + Double.parseDouble(value.substring(degreeDigits)) / 60.0;
        return hemisphere.equals(String.valueOf(negative)) ? -degrees : degrees;
    }

    private static double number(String f) {
        return f.isEmpty() ? Double.NaN : Double.parseDouble(f);
    }

    private static int integer(String f, int empty) {
        return f.isEmpty() ? empty : Integer.parseInt(f);
    }
}
