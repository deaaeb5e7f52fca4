package io.github.nettyserial.linux;

import static io.github.nettyserial.linux.PtyChannels.TIMEOUT;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNotSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.nettyserial.Parity;
import io.github.nettyserial.SerialChannel;
import io.github.nettyserial.SerialChannelOption;
import io.github.nettyserial.SerialEventLoopGroup;
import io.github.nettyserial.UnsupportedPolicy;
import io.github.nettyserial.UnsupportedSerialConfigurationException;
import io.github.nettyserial.testkit.RecordingHandler;
import io.github.nettyserial.testkit.VirtualSerialPort;
import io.netty.bootstrap.Bootstrap;
import io.netty.channel.ChannelException;
import io.netty.channel.EventLoop;
import io.netty.channel.EventLoopGroup;
import io.netty.util.concurrent.Future;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.logging.Handler;
import java.util.logging.LogRecord;
import java.util.logging.Logger;
import org.junit.jupiter.api.Test;

/**
 * Option changes never block an event-loop thread (two loops that reconfigure each other's channels used to
 * deadlock), standard rates are visible to {@code stty}, and under WARN the getters tell what the port does.
 */
class SerialChannelReconfigureTest {

    private static SerialChannel open(EventLoop loop, VirtualSerialPort port, Object... optionsAndValues) {
        Bootstrap b = PtyChannels.bootstrap(loop, new RecordingHandler());
        for (int i = 0; i < optionsAndValues.length; i += 2) {
            @SuppressWarnings("unchecked")
            io.netty.channel.ChannelOption<Object> o = (io.netty.channel.ChannelOption<Object>) optionsAndValues[i];
            b.option(o, optionsAndValues[i + 1]);
        }
        return PtyChannels.connect(b, port.address());
    }

    /** Waits until every task queued on the channel's loop so far has run. */
    private static void settle(SerialChannel ch) {
        ch.eventLoop().submit(() -> { }).syncUninterruptibly();
    }

    @Test
    void twoLoopsReconfigureEachOthersChannelsAThousandTimesEach() throws Exception {
        EventLoopGroup group = new SerialEventLoopGroup(2);
        try (VirtualSerialPort portA = VirtualSerialPort.open(); VirtualSerialPort portB = VirtualSerialPort.open()) {
            EventLoop loopA = group.next();
            EventLoop loopB = group.next();
            assertNotSame(loopA, loopB);
            SerialChannel a = open(loopA, portA);
            SerialChannel b = open(loopB, portB);
            int[] rates = {19_200, 57_600, 115_200, 38_400};
            // Each loop's thread reconfigures the channel of the other loop, at once.
            Future<?> fromA = loopA.submit(() -> {
                for (int i = 0; i < 1000; i++) {
                    b.config().setBaudRate(rates[i % rates.length]);
                }
            });
            Future<?> fromB = loopB.submit(() -> {
                for (int i = 0; i < 1000; i++) {
                    a.config().setBaudRate(rates[(i + 1) % rates.length]);
                }
            });
            assertTrue(fromA.await(60, TimeUnit.SECONDS) && fromB.await(60, TimeUnit.SECONDS),
                    "the two loops deadlocked reconfiguring each other's channels");
            assertTrue(fromA.isSuccess(), String.valueOf(fromA.cause()));
            assertTrue(fromB.isSuccess(), String.valueOf(fromB.cause()));
            settle(a);
            settle(b);
            // The last change of each loop is the one in force, on the line and in the config.
            assertEquals(rates[999 % rates.length], portB.lineSettings().baudRate());
            assertEquals(rates[999 % rates.length], b.config().getBaudRate());
            assertEquals(rates[1000 % rates.length], portA.lineSettings().baudRate());
            assertEquals(rates[1000 % rates.length], a.config().getBaudRate());
            a.close().sync();
            b.close().sync();
        } finally {
            // Bounded: loops stuck in a deadlock never terminate, and the test must fail, not hang.
            group.shutdownGracefully(0, 1, TimeUnit.SECONDS).awaitUninterruptibly(10, TimeUnit.SECONDS);
        }
    }

    @Test
    void aChangeFromAForeignLoopDoesNotBlockItAndARefusalReachesExceptionCaught() throws Exception {
        EventLoopGroup serial = new SerialEventLoopGroup(1);
        EventLoopGroup foreign = new SerialEventLoopGroup(1);
        try (VirtualSerialPort port = VirtualSerialPort.open()) {
            RecordingHandler recorder = new RecordingHandler();
            SerialChannel ch = PtyChannels.connect(PtyChannels.bootstrap(serial.next(), recorder), port.address());
            // Hold the channel's loop: a caller that waited for it would wait as long as this latch holds.
            CountDownLatch release = new CountDownLatch(1);
            ch.eventLoop().execute(() -> {
                try {
                    release.await();
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            });
            CountDownLatch returned = new CountDownLatch(1);
            foreign.next().execute(() -> {
                ch.config().setBaudRate(19_200);
                ch.config().setParity(Parity.EVEN); // a pty refuses parity: reported, not thrown
                returned.countDown();
            });
            boolean foreignLoopWentOn = returned.await(TIMEOUT.toSeconds(), TimeUnit.SECONDS);
            release.countDown();
            assertTrue(foreignLoopWentOn, "setBaudRate from another event loop waited for the channel's loop");
            settle(ch);
            assertEquals(19_200, port.lineSettings().baudRate());
            assertEquals(19_200, ch.config().getBaudRate());
            Throwable refusal = recorder.awaitError(TIMEOUT);
            assertInstanceOf(ChannelException.class, refusal);
            assertInstanceOf(UnsupportedSerialConfigurationException.class, refusal.getCause());
            assertEquals(Parity.NONE, ch.config().getParity(), "the refused change is not in effect");
            assertTrue(ch.isActive());
            ch.close().sync();
        } finally {
            serial.shutdownGracefully(0, 1, TimeUnit.SECONDS).awaitUninterruptibly(10, TimeUnit.SECONDS);
            foreign.shutdownGracefully(0, 1, TimeUnit.SECONDS).awaitUninterruptibly(10, TimeUnit.SECONDS);
        }
    }

    private static String stty(VirtualSerialPort port) throws IOException, InterruptedException {
        Process p = new ProcessBuilder("stty", "-F", port.path()).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertTrue(p.waitFor(30, TimeUnit.SECONDS));
        assertEquals(0, p.exitValue(), "stty -F " + port.path() + ": " + out);
        return out;
    }

    @Test
    void sttySeesStandardRatesAndCustomRatesStillWork() throws Exception {
        EventLoopGroup group = new SerialEventLoopGroup(1);
        try (VirtualSerialPort port = VirtualSerialPort.open()) {
            // Not exclusive, so stty may open the port beside us (TIOCEXCL would refuse it unless root).
            SerialChannel ch = open(group.next(), port, SerialChannelOption.BAUD_RATE, 57_600,
                    SerialChannelOption.EXCLUSIVE, false);
            assertTrue(stty(port).contains("speed 57600 baud"), stty(port));
            ch.config().setBaudRate(19_200);
            assertTrue(stty(port).contains("speed 19200 baud"), stty(port));
            ch.config().setBaudRate(250_000);
            assertEquals(250_000, port.lineSettings().baudRate(), "a custom rate through BOTHER");
            assertEquals(250_000, ch.config().getBaudRate());
            ch.config().setBaudRate(115_200);
            assertTrue(stty(port).contains("speed 115200 baud"), stty(port));
            ch.close().sync();
        } finally {
            group.shutdownGracefully(0, 1, TimeUnit.SECONDS).syncUninterruptibly();
        }
    }

    /** Collects the warnings of the unsupported-policy's logger (Netty logs through java.util.logging here). */
    private static final class Warnings extends Handler implements AutoCloseable {
        private final Logger logger = Logger.getLogger("io.github.nettyserial.internal.Unsupported");
        final List<String> messages = new ArrayList<>();

        Warnings() {
            logger.addHandler(this);
        }

        @Override
        public synchronized void publish(LogRecord record) {
            messages.add(record.getMessage() + " " + java.util.Arrays.toString(record.getParameters()));
        }

        synchronized long mentioning(String what) {
            return messages.stream().filter(m -> m.contains(what)).count();
        }

        @Override
        public void flush() {
        }

        @Override
        public void close() {
            logger.removeHandler(this);
        }
    }

    @Test
    void underWarnTheGettersReportWhatThePortDoesAndWarnOnce() throws Exception {
        EventLoopGroup group = new SerialEventLoopGroup(1);
        try (VirtualSerialPort port = VirtualSerialPort.open(); Warnings warnings = new Warnings()) {
            SerialChannel ch = open(group.next(), port, SerialChannelOption.UNSUPPORTED_POLICY, UnsupportedPolicy.WARN,
                    SerialChannelOption.PARITY, Parity.EVEN);
            assertEquals(Parity.NONE, ch.config().getParity(), "a pty has no parity: the getter says so");
            assertEquals(Parity.NONE, ch.config().getOption(SerialChannelOption.PARITY));
            assertEquals(1, warnings.mentioning("PARITY"), warnings.messages.toString());
            for (int rate : new int[] {19_200, 38_400, 57_600}) {
                ch.config().setBaudRate(rate);
                assertEquals(rate, port.lineSettings().baudRate());
            }
            assertEquals(1, warnings.mentioning("PARITY"), "the refusal is not repeated by later changes: "
                    + warnings.messages);
            ch.close().sync();
        } finally {
            group.shutdownGracefully(0, 1, TimeUnit.SECONDS).syncUninterruptibly();
        }
    }
}
