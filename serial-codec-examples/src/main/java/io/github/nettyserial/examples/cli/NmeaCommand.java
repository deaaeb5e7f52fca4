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
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code serial nmea PORT}: prints the GGA and RMC fixes of a GPS receiver. */
@Command(name = "nmea", description = "Print the fixes (GGA, RMC) an NMEA 0183 receiver sends.")
final class NmeaCommand implements Callable<Integer> {

    @Spec
    CommandSpec spec;

    @Parameters(index = "0", paramLabel = "PORT")
    String port;

    @Mixin
    PortOptions line;

    @Option(names = "--all", description = "Also print the other sentences.")
    boolean all;

    @Option(names = "--count", paramLabel = "N", description = "Stop after N fixes.")
    int count;

    @Option(names = "--duration", paramLabel = "SECONDS", description = "Stop after this many seconds.")
    double duration;

    @Option(names = "--max-length", defaultValue = "82", paramLabel = "N",
            description = "Longest sentence accepted (default ${DEFAULT-VALUE}, the standard's limit).")
    int maxLength;

    @Override
    public Integer call() throws Exception {
        PrintWriter out = spec.commandLine().getOut();
        PrintWriter err = spec.commandLine().getErr();
        CountDownLatch done = new CountDownLatch(1);
        AtomicInteger fixes = new AtomicInteger();
        EventLoopGroup group = Ports.newGroup();
        try {
            SerialChannel ch = Ports.open(group, port, line, new ChannelInitializer<SerialChannel>() {
                @Override
                protected void initChannel(SerialChannel c) {
                    c.pipeline().addLast(new NmeaSentenceDecoder(maxLength, false), new NmeaFixDecoder(),
                            new ChannelInboundHandlerAdapter() {
                                @Override
                                public void channelRead(ChannelHandlerContext ctx, Object msg) {
                                    if (msg instanceof GgaFix || msg instanceof RmcFix) {
                                        out.println(format(msg));
                                        if (fixes.incrementAndGet() == count) {
                                            done.countDown();
                                        }
                                    } else if (all && msg instanceof NmeaSentence s) {
                                        out.println(s);
                                    }
                                    out.flush();
                                }

                                @Override
                                public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
                                    err.println("skipped: " + cause.getMessage());
                                    err.flush();
                                }

                                @Override
                                public void channelInactive(ChannelHandlerContext ctx) {
                                    done.countDown();
                                }
                            });
                }
            });
            err.println("reading NMEA 0183 from " + port + " at " + line.describe());
            err.flush();
            if (duration > 0) {
                done.await((long) (duration * 1000), TimeUnit.MILLISECONDS);
            } else {
                done.await();
            }
            ch.close().syncUninterruptibly();
        } finally {
            Ports.shutdown(group);
        }
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
