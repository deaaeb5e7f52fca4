package io.github.nettyserial.examples.peer;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.nettyserial.SerialChannel;
import io.github.nettyserial.SerialEventLoopGroup;
import io.github.nettyserial.examples.nmea.GgaFix;
import io.github.nettyserial.examples.nmea.NmeaFixDecoder;
import io.github.nettyserial.examples.nmea.NmeaSentence;
import io.github.nettyserial.examples.nmea.NmeaSentenceDecoder;
import io.github.nettyserial.examples.nmea.RmcFix;
import io.github.nettyserial.examples.testutil.CliRun;
import io.github.nettyserial.testkit.VirtualSerialPair;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.SimpleChannelInboundHandler;
import java.net.URISyntaxException;
import java.nio.file.Path;
import java.time.Duration;
import java.time.LocalDate;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** NMEA from a real receiver's log (gpsd's bu353s4.log), replayed onto a virtual serial pair by a python peer. */
class NmeaReplayTest {

    private static EventLoopGroup group;

    @BeforeAll
    static void peers() {
        Peer.require("python3", "python3");
        group = new SerialEventLoopGroup(1);
    }

    @AfterAll
    static void stop() {
        group.shutdownGracefully(0, 1, TimeUnit.SECONDS).syncUninterruptibly();
    }

    static String log() throws URISyntaxException {
        return Path.of(NmeaReplayTest.class.getResource("/nmea/bu353s4.log").toURI()).toString();
    }

    @Test
    void fixesFromAReplayedLog() throws Exception {
        List<Object> got = new CopyOnWriteArrayList<>();
        List<Throwable> errors = new CopyOnWriteArrayList<>();
        CountDownLatch all = new CountDownLatch(90);
        try (VirtualSerialPair pair = VirtualSerialPair.open()) {
            SerialChannel ch = PeerChannels.open(group, pair.a().path(), 9600,
                    new NmeaSentenceDecoder(), new NmeaFixDecoder(), new SimpleChannelInboundHandler<Object>() {
                        @Override
                        protected void channelRead0(ChannelHandlerContext ctx, Object msg) {
                            got.add(msg);
                            all.countDown();
                        }

                        @Override
                        public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
                            errors.add(cause);
                        }
                    });
            try (Peer replay = Peer.start("nmea-replay", null, Peer.PYTHON, Peer.script("nmea_replay.py"), log(),
                    pair.b().path(), "0")) {
                assertEquals(0, replay.waitFor(Duration.ofSeconds(30)), replay.report());
                assertTrue(all.await(20, TimeUnit.SECONDS), got.size() + " of 90 sentences\n" + replay.report());
            } finally {
                ch.close().sync();
            }
        }
        assertTrue(errors.isEmpty(), errors.toString());
        assertEquals(25, got.stream().filter(GgaFix.class::isInstance).count());
        assertEquals(25, got.stream().filter(RmcFix.class::isInstance).count());
        assertEquals(40, got.stream().filter(NmeaSentence.class::isInstance).count());
        GgaFix first = (GgaFix) got.get(0);
        assertEquals(-37.784788, first.latitude(), 1e-6);
        assertEquals(175.314897, first.longitude(), 1e-6);
        assertEquals(8, first.satellites());
        RmcFix rmc = (RmcFix) got.stream().filter(RmcFix.class::isInstance).findFirst().orElseThrow();
        assertEquals(LocalDate.of(2014, 12, 31), rmc.date());
    }

    @Test
    void serialNmeaCommandPrintsFixes() throws Exception {
        try (VirtualSerialPair pair = VirtualSerialPair.open()) {
            CliRun cli = new CliRun("reading NMEA", "nmea", pair.a().path(), "--count", "50", "--duration", "30")
                    .awaitReady();
            try (Peer replay = Peer.start("nmea-replay", null, Peer.PYTHON, Peer.script("nmea_replay.py"), log(),
                    pair.b().path(), "0")) {
                CliRun.Result r = cli.finish(40);
                assertEquals(0, r.code(), r.toString());
                List<String> lines = r.out().lines().toList();
                assertEquals(50, lines.size(), r.out());
                assertEquals("GP GGA 03:07:19 fix 1 lat -37.784788 lon 175.314897 alt 59.9 m sats 8 hdop 1.1", lines.get(0));
                assertEquals("GP RMC 2014-12-31 03:07:19 valid lat -37.784788 lon 175.314897 speed 0.69 kn course 181.39",
                        lines.get(1));
                assertEquals(0, replay.waitFor(Duration.ofSeconds(30)), replay.report());
            }
        }
    }
}
