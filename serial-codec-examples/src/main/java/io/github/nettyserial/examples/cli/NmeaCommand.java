package io.github.nettyserial.examples.cli;

import io.github.nettyserial.SerialChannel;
import io.github.nettyserial.examples.nmea.GgaFix;
import io.github.nettyserial.examples.nmea.NmeaFixDecoder;
import io.github.nettyserial.examples.nmea.NmeaSentence;
import io.github.nettyserial.examples.nmea.NmeaSentenceDecoder;
import io.github.nettyserial.examples.nmea.RmcFix;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.EventLoopGroup;
import java.io.PrintWriter;
import java.util.Locale;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicInteger;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** {@code serial nmea PORT}: prints the GGA and RMC fixes of a GPS receiver. */
@Command(name = "nmea", description = "Print the fixes (GGA, RMC) an NMEA 0183 receiver sends.")
final class NmeaCommand extends PortCommand {

    @Option(names = "--all", description = "Also print the other sentences.")
    boolean all;

    @Option(names = "--count", paramLabel = "N", description = "Stop after N fixes.")
    Integer count;

    @Mixin
    RunTime runTime;

    @Option(names = "--max-length", defaultValue = "82", paramLabel = "N",
            description = "Longest sentence accepted, CR LF included: 8 or more (default ${DEFAULT-VALUE}, the standard's limit).")
    int maxLength;

    @Override
    void validate() throws Errors.CliException {
        if (count != null) {
            Errors.atLeast("--count", count, 1);
        }
        Errors.atLeast("--max-length", maxLength, 8);
        runTime.validate();
    }

    @Override
    int run(EventLoopGroup group) throws Exception {
        PrintWriter out = out();
        PrintWriter err = err();
        CountDownLatch done = new CountDownLatch(1);
        AtomicInteger fixes = new AtomicInteger();
        SerialChannel ch = open(group, new ChannelInitializer<SerialChannel>() {
            @Override
            protected void initChannel(SerialChannel c) {
                c.pipeline().addLast(new NmeaSentenceDecoder(maxLength, false), new NmeaFixDecoder(),
                        new ChannelInboundHandlerAdapter() {
                            @Override
                            public void channelRead(ChannelHandlerContext ctx, Object msg) {
                                if (msg instanceof GgaFix || msg instanceof RmcFix) {
                                    out.println(format(msg));
                                    if (count != null && fixes.incrementAndGet() == count) {
                                        done.countDown();
                                    }
                                } else if (all && msg instanceof NmeaSentence s) {
                                    out.println(s);
                                }
                                out.flush();
                                if (out.checkError()) {
                                    done.countDown(); // stdout closed
                                }
                            }

                            @Override
                            public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
                                err.println("skipped: " + cause.getMessage());
                                err.flush();
                            }
                        });
            }
        });
        runUntilDone(ch, done, runTime, "reading NMEA 0183 from " + port + " at " + line.describe());
        return 0;
    }

    static String format(Object fix) {
        if (fix instanceof GgaFix g) {
            return String.format(Locale.ROOT, "%s GGA %s %s lat %.6f lon %.6f alt %.1f m sats %d hdop %.1f",
                    g.talker(), g.time(), g.hasFix() ? "fix " + g.quality() : "no fix", g.latitude(), g.longitude(),
                    g.altitude(), g.satellites(), g.hdop());
        }
        RmcFix r = (RmcFix) fix;
        return String.format(Locale.ROOT, "%s RMC %s %s %s lat %.6f lon %.6f speed %.2f kn course %.2f",
                r.talker(), r.date(), r.time(), r.valid() ? "valid" : "invalid", r.latitude(), r.longitude(),
                r.speedKnots(), r.courseDegrees());
    }
}
