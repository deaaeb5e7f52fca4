package io.github.nettyserial.windows;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.nettyserial.SerialChannel;
import io.github.nettyserial.windows.sim.SimKernel;
import io.netty.channel.ChannelOption;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * Closes and unplugs ports at arbitrary moments of a transfer, over and over, with the kernel policing
 * every OVERLAPPED, buffer and free. A lifetime bug (memory freed before its packet, a packet lost, a
 * buffer released under a write) shows up here as a violation, a live operation or a leaked buffer.
 */
class LifetimeFuzzTest extends SimulatedPorts {
    private static final int ROUNDS = 40;

    @Override
    SimKernel newKernel() {
        SimKernel k = new SimKernel(512);
        for (int i = 0; i < ROUNDS; i++) {
            k.createPair("COM" + (100 + 2 * i), "COM" + (101 + 2 * i));
        }
        return k;
    }

    @Test
    void closeOrUnplugAtRandomMoments() throws Exception {
        Random random = new Random(20261123);
        for (int round = 0; round < ROUNDS; round++) {
            String a = "COM" + (100 + 2 * round);
            String b = "COM" + (101 + 2 * round);
            Collector sink = new Collector();
            boolean slowReader = random.nextBoolean();
            SerialChannel chA = open(a, new Collector());
            SerialChannel chB = open(b, opts(ChannelOption.AUTO_READ, !slowReader), sink);
            int writes = 1 + random.nextInt(20);
            for (int i = 0; i < writes; i++) {
                int n = 1 + random.nextInt(8192);
                chA.write(chA.alloc().directBuffer(n).writeZero(n));
                if (random.nextBoolean()) {
                    chA.flush();
                }
            }
            chA.flush();
            if (slowReader && random.nextBoolean()) {
                chB.read();
            }
            int waitBytes = random.nextInt(4096);
            if (!slowReader) {
                sink.await(Math.min(waitBytes, 1));
            }
            switch (random.nextInt(4)) {
                case 0:
                    chA.close();
                    break;
                case 1:
                    chB.close();
                    break;
                case 2:
                    kernel.device(a).unplug(Win32.ERROR_DEVICE_REMOVED, Win32.ERROR_BAD_COMMAND);
                    break;
                default:
                    kernel.device(b).unplug(Win32.ERROR_ACCESS_DENIED, Win32.ERROR_NOT_READY);
                    break;
            }
            chA.close().await(TIMEOUT_SECONDS, TimeUnit.SECONDS);
            chB.close().await(TIMEOUT_SECONDS, TimeUnit.SECONDS);
            await(() -> !kernel.device(a).isOpen() && !kernel.device(b).isOpen(), "round " + round + " closed");
            await(() -> kernel.liveOperations() == 0, "round " + round + " drained");
            kernel.assertClean();
        }
        assertEquals(0, kernel.liveOperations());
        assertTrue(kernel.allocatedBytes() > 0, "the loop's own entry block is still in use");
    }
}
