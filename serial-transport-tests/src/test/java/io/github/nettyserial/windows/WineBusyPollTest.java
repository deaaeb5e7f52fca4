package io.github.nettyserial.windows;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.github.nettyserial.SerialChannel;
import io.github.nettyserial.linux.CounterPinger;
import io.github.nettyserial.testkit.VirtualSerialPort;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * The IOCP loop with a busy-poll budget over Wine's real kernel32: {@code GetQueuedCompletionStatusEx} with a
 * timeout of 0 returns the completions of a real serial read and write, which the loop dispatches as it does
 * those of a blocking wait.
 */
class WineBusyPollTest extends WinePorts {

    @Override
    long busyPollNanos() {
        return TimeUnit.MILLISECONDS.toNanos(1);
    }

    @Test
    void roundTripsThroughTheDeviceArriveWholeAndInOrder() throws Exception {
        int rounds = 300;
        VirtualSerialPort device = device();
        CounterPinger pinger = new CounterPinger(rounds);
        SerialChannel ch = open(com(device), pinger);
        Thread echo = pinger.echoFrom(device);
        ch.eventLoop().execute(pinger::send);
        assertEquals(rounds, pinger.done.get(TIMEOUT_SECONDS, TimeUnit.SECONDS));
        echo.join(TimeUnit.SECONDS.toMillis(TIMEOUT_SECONDS));
    }
}
