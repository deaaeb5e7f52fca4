package io.github.nettyserial.examples.nmea;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.nettyserial.examples.testutil.Bytes;
import io.github.nettyserial.examples.testutil.ExceptionCollector;
import io.netty.buffer.Unpooled;
import io.netty.channel.embedded.EmbeddedChannel;
import io.netty.handler.codec.CorruptedFrameException;
import io.netty.handler.codec.TooLongFrameException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.time.LocalDate;
import java.time.LocalTime;
import org.junit.jupiter.api.Test;

class NmeaCodecTest {

    static final String GGA = "$GPGGA,030719.000,3747.0873,S,17518.8938,E,1,08,1.1,59.9,M,23.7,M,,0000*7D\r\n";
    static final String RMC = "$GPRMC,030719.000,A,3747.0873,S,17518.8938,E,0.69,181.39,311214,,,A*7D\r\n";
    static final String GSA = "$GPGSA,A,3,17,28,06,01,30,20,26,13,,,,,1.8,1.1,1.5*33\r\n";

    private final ExceptionCollector sink = new ExceptionCollector(true);

    private EmbeddedChannel channel() {
        return new EmbeddedChannel(new NmeaSentenceDecoder(), new NmeaFixDecoder(), sink);
    }

    private void write(EmbeddedChannel ch, String s) {
        ch.writeInbound(Unpooled.copiedBuffer(s, StandardCharsets.ISO_8859_1));
    }

    @Test
    void typedFixes() {
        EmbeddedChannel ch = channel();
        write(ch, GGA + RMC + GSA);
        GgaFix gga = (GgaFix) sink.messages.get(0);
        assertEquals("GP", gga.talker());
        assertEquals(LocalTime.of(3, 7, 19), gga.time());
        assertEquals(-(37 + 47.0873 / 60), gga.latitude(), 1e-9);
        assertEquals(175 + 18.8938 / 60, gga.longitude(), 1e-9);
        assertEquals(1, gga.quality());
        assertEquals(8, gga.satellites());
        assertEquals(59.9, gga.altitude(), 1e-9);
        assertEquals(23.7, gga.geoidSeparation(), 1e-9);
        RmcFix rmc = (RmcFix) sink.messages.get(1);
        assertTrue(rmc.valid());
        assertEquals(LocalDate.of(2014, 12, 31), rmc.date());
        assertEquals(0.69, rmc.speedKnots(), 1e-9);
        assertEquals(181.39, rmc.courseDegrees(), 1e-9);
        NmeaSentence gsa = (NmeaSentence) sink.messages.get(2);
        assertEquals("GP", gsa.talker());
        assertEquals("GSA", gsa.type());
        assertEquals(17, gsa.fields().size());
        assertEquals("", gsa.field(11));
        assertEquals(GSA.trim(), gsa.toString());
        assertTrue(sink.exceptions.isEmpty());
        ch.finishAndReleaseAll();
    }

    @Test
    void emptyFieldsAreNaN() {
        EmbeddedChannel ch = channel();
        write(ch, "$GPGGA,,,,,,0,00,,,M,,M,,*66\r\n$GNRMC,,V,,,,,,,,,,N*4D\r\n");
        GgaFix gga = (GgaFix) sink.messages.get(0);
        assertFalse(gga.hasFix());
        assertNull(gga.time());
        assertTrue(Double.isNaN(gga.latitude()));
        RmcFix rmc = (RmcFix) sink.messages.get(1);
        assertEquals("GN", rmc.talker());
        assertFalse(rmc.valid());
        assertNull(rmc.date());
        assertTrue(sink.exceptions.isEmpty(), sink.exceptions.toString());
        ch.finishAndReleaseAll();
    }

    @Test
    void splitAndMergedSentences() {
        EmbeddedChannel ch = channel();
        String all = GGA + RMC + GSA + GGA;
        for (int i = 0; i < all.length(); i += 7) {
            write(ch, all.substring(i, Math.min(all.length(), i + 7)));
        }
        assertEquals(4, sink.messages.size());
        assertTrue(sink.exceptions.isEmpty());
        ch.finishAndReleaseAll();
    }

    @Test
    void badChecksumThenResync() {
        EmbeddedChannel ch = channel();
        write(ch, GGA.replace("*7D", "*7E") + RMC);
        assertEquals(1, sink.messages.size());
        assertInstanceOf(RmcFix.class, sink.messages.get(0));
        assertInstanceOf(CorruptedFrameException.class, sink.exceptions.get(0));
        ch.finishAndReleaseAll();
    }

    @Test
    void tooLongThenResync() {
        EmbeddedChannel ch = channel();
        write(ch, "$GPTXT," + "x".repeat(100) + "\r\n" + RMC);
        write(ch, "$GPTXT," + "y".repeat(300));
        write(ch, "yyyy\r\n" + GSA);
        assertEquals(2, sink.messages.size());
        assertEquals(2, sink.exceptions.size());
        assertInstanceOf(TooLongFrameException.class, sink.exceptions.get(0));
        assertInstanceOf(TooLongFrameException.class, sink.exceptions.get(1));
        ch.finishAndReleaseAll();
    }

    @Test
    void exactly82CharactersIsAllowed() {
        EmbeddedChannel ch = channel();
        String body = "GPTXT," + "a".repeat(82 - 1 - 6 - 3 - 2);
        String s = "$" + body + String.format("*%02X", NmeaSentence.checksum(body)) + "\r\n";
        assertEquals(82, s.length());
        write(ch, s);
        write(ch, "$" + body + "a" + String.format("*%02X", NmeaSentence.checksum(body + "a")) + "\r\n");
        assertEquals(1, sink.messages.size());
        assertInstanceOf(TooLongFrameException.class, sink.exceptions.get(0));
        ch.finishAndReleaseAll();
    }

    @Test
    void garbageLinesAndNoise() {
        EmbeddedChannel ch = channel();
        write(ch, "# comment\r\n\r\n\u0001\u0002" + GGA + "$GP\u0007GA,1*00\r\n$g,1\r\n$GPRMC,1*ZZ\r\n" + GSA);
        assertEquals(2, sink.messages.size());
        assertEquals(5, sink.exceptions.size(), sink.exceptions.toString());
        sink.exceptions.forEach(e -> assertInstanceOf(CorruptedFrameException.class, e));
        ch.finishAndReleaseAll();
    }

    @Test
    void badNumberInAFix() {
        EmbeddedChannel ch = channel();
        String body = "GPGGA,0307xx.000,3747.0873,S,17518.8938,E,1,08,1.1,59.9,M,23.7,M,,0000";
        write(ch, "$" + body + String.format("*%02X", NmeaSentence.checksum(body)) + "\r\n" + RMC);
        assertEquals(1, sink.messages.size());
        assertInstanceOf(CorruptedFrameException.class, sink.exceptions.get(0));
        ch.finishAndReleaseAll();
    }

    @Test
    void tagBlockAndAisAndProprietary() {
        EmbeddedChannel ch = channel();
        write(ch, "\\s:2573345,c:1671533231*0B\\!AIVDM,1,1,,B,15M67FC000G?ufbE`FepT@3n00Sa,0*5C\r\n$PMTK001,220,3*30\r\n");
        NmeaSentence ais = (NmeaSentence) sink.messages.get(0);
        assertEquals('!', ais.start());
        assertEquals("VDM", ais.type());
        NmeaSentence mtk = (NmeaSentence) sink.messages.get(1);
        assertTrue(mtk.isProprietary());
        assertEquals("MTK001", mtk.type());
        assertTrue(sink.exceptions.isEmpty(), sink.exceptions.toString());
        ch.finishAndReleaseAll();
    }

    @Test
    void unterminatedTagBlock() {
        EmbeddedChannel ch = channel();
        write(ch, "\\s:2573345,c:1671533231*0B!AIVDM,1,1,,B,15M67FC000G?ufbE`FepT@3n00Sa,0*5C\r\n" + GSA);
        assertEquals(1, sink.messages.size());
        assertInstanceOf(CorruptedFrameException.class, sink.exceptions.get(0));
        ch.finishAndReleaseAll();
    }

    @Test
    void requireChecksum() {
        EmbeddedChannel ch = new EmbeddedChannel(new NmeaSentenceDecoder(82, true), sink);
        write(ch, "$GPGSA,A,3\r\n" + GSA);
        assertEquals(1, sink.messages.size());
        assertEquals(1, sink.exceptions.size());
        ch.finishAndReleaseAll();
    }

    @Test
    void encoderWritesChecksumAndCrLf() {
        EmbeddedChannel ch = new EmbeddedChannel(new NmeaSentenceEncoder());
        ch.writeOutbound(NmeaSentence.of("PMTK220", "1000"));
        assertEquals("$PMTK220,1000*1F\r\n", new String(Bytes.outboundBytes(ch), StandardCharsets.US_ASCII));
        assertThrows(IllegalArgumentException.class, () -> NmeaSentence.of("GPTXT", "a*b"));
        ch.finishAndReleaseAll();
    }

    @Test
    void realReceiverLog() throws Exception {
        byte[] log;
        try (InputStream in = NmeaCodecTest.class.getResourceAsStream("/nmea/bu353s4.log")) {
            log = in.readAllBytes();
        }
        EmbeddedChannel ch = channel();
        ch.writeInbound(Unpooled.wrappedBuffer(log));
        long gga = sink.messages.stream().filter(m -> m instanceof GgaFix).count();
        long rmc = sink.messages.stream().filter(m -> m instanceof RmcFix).count();
        assertEquals(25, gga);
        assertEquals(25, rmc);
        assertEquals(90, sink.messages.size());
        assertEquals(6, sink.exceptions.size(), "the six '#' comment lines");
        ch.finishAndReleaseAll();
    }
}
