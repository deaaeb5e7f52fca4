package io.github.nettyserial.linux;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.nettyserial.SerialChannel;
import io.github.nettyserial.SerialEventLoopGroup;
import io.github.nettyserial.testkit.VirtualSerialPort;
import io.netty.channel.EventLoopGroup;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** A {@link SerialEventLoopGroup} that busy-polls: the data path, tasks from other threads, the budget's range. */
@Timeout(60)
class BusyPollTest {

    @Test
    void roundTripsOnABusyPollingLoopArriveWholeAndInOrder() throws Exception {
        int rounds = 2000;
        EventLoopGroup group = new SerialEventLoopGroup(1, Duration.ofMillis(1));
        try (VirtualSerialPort port = VirtualSerialPort.open()) {
            CounterPinger pinger = new CounterPinger(rounds);
            SerialChannel ch = PtyChannels.connect(PtyChannels.bootstrap(group, pinger), port.address());
            Thread device = pinger.echoFrom(port);
            ch.eventLoop().execute(pinger::send);
            assertEquals(rounds, pinger.done.get(PtyChannels.TIMEOUT.toSeconds(), TimeUnit.SECONDS));
            device.join(PtyChannels.TIMEOUT.toMillis());
            ch.close().sync();
        } finally {
            group.shutdownGracefully(0, 1, TimeUnit.SECONDS).syncUninterruptibly();
        }
    }

    @Test
    void tasksFromAnotherThreadAndDueTimersDoNotWaitOutTheBudget() throws Exception {
        // Netty writes its wake-up eventfd only to a sleeping loop and arms its timer only before it sleeps: were
        // the poll blind to the loop's queues, each task and timer would wait out a 100 ms budget, 100 for 10 s.
        EventLoopGroup group = new SerialEventLoopGroup(1, SerialEventLoopGroup.MAX_BUSY_POLL);
        try {
            CounterPinger.assertTasksAndTimersDoNotWaitOutTheBudget(group.next(), SerialEventLoopGroup.MAX_BUSY_POLL.toNanos());
        } finally {
            group.shutdownGracefully(0, 1, TimeUnit.SECONDS).syncUninterruptibly();
        }
    }

    @Test
    void aBudgetOutsideItsRangeIsRefusedWithItsValue() {
        IllegalArgumentException negative = assertThrows(IllegalArgumentException.class,
                () -> new SerialEventLoopGroup(1, Duration.ofNanos(-1000)));
        assertTrue(negative.getMessage().contains("busyPoll") && negative.getMessage().contains("-1 µs"),
                negative.getMessage());
        IllegalArgumentException tooLong = assertThrows(IllegalArgumentException.class,
                () -> SerialEventLoopGroup.ioHandlerFactory(Duration.ofSeconds(2)));
        assertTrue(tooLong.getMessage().contains("busyPoll") && tooLong.getMessage().contains("PT2S")
                && tooLong.getMessage().contains("100 ms"), tooLong.getMessage());
        assertThrows(NullPointerException.class, () -> SerialEventLoopGroup.ioHandlerFactory(null));
    }
}
