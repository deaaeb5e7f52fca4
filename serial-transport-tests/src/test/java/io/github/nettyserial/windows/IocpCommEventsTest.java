package io.github.nettyserial.windows;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.nettyserial.ModemLinesChangedEvent;
import io.github.nettyserial.SerialChannel;
import io.github.nettyserial.SerialChannelOption;
import io.github.nettyserial.SerialLineErrorEvent;
import io.github.nettyserial.windows.sim.SimDevice;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * Modem-line and line-error events on Windows come from WaitCommEvent completions: one event per
 * completion, after the bytes received before it, and no timer on the loop.
 */
class IocpCommEventsTest extends SimulatedPorts {
    private static final int TOGGLES = 1000;

    private static Object next(Collector c) throws InterruptedException {
        Object e = c.events().poll(TIMEOUT_SECONDS, TimeUnit.SECONDS);
        assertNotNull(e, "an event");
        return e;
    }

    @Test
    void everyCtsChangeIsOneEventInOrderWithTheData() throws Exception {
        Collector a = new Collector();
        open("COM10", opts(SerialChannelOption.MODEM_EVENTS, true), a);
        SimDevice com10 = kernel.device("COM10");
        long completionsBefore = kernel.modemWaitCompletions();
        for (int i = 0; i < TOGGLES; i++) {
            // A byte, then the line change: the read holding the byte completes only when the line is quiet,
            // so the event must wait for it.
            com10.receive((byte) i);
            com10.cts(i % 2 == 0);
            ModemLinesChangedEvent e = assertInstanceOf(ModemLinesChangedEvent.class, next(a));
            assertEquals(i % 2 == 0, e.current().cts(), "toggle " + i);
            assertEquals(i % 2 != 0, e.previous().cts(), "toggle " + i);
            assertEquals(1, e.ctsChanges(), "toggle " + i);
            assertEquals(0, e.dsrChanges() + e.riChanges() + e.dcdChanges(), "toggle " + i);
        }
        assertEquals(TOGGLES, kernel.modemWaitCompletions() - completionsBefore,
                "one WaitCommEvent completion per toggle");
        assertTrue(a.events().isEmpty(), "exactly one event per completion: " + a.events().size() + " more");
        byte[] data = a.await(TOGGLES);
        assertEquals(TOGGLES, data.length);
        // Each event was taken from the queue after its entry here was made.
        List<Integer> before = a.bytesBeforeEvent;
        for (int i = 0; i < TOGGLES; i++) {
            assertEquals((byte) i, data[i]);
            assertEquals(i + 1, before.get(i), "event " + i + " comes right after byte " + i);
        }
    }

    @Test
    void noTimerIsArmedForModemEvents() throws Exception {
        Collector a = new Collector();
        SerialChannel ch = open("COM10", opts(SerialChannelOption.MODEM_EVENTS, true), a);
        kernel.device("COM10").cts(true);
        assertInstanceOf(ModemLinesChangedEvent.class, next(a));
        // A sampling timer (Linux's is 10 ms) would cap every wait of the loop at its period. Here the loop may
        // block in GetQueuedCompletionStatusEx for as long as Netty lets an idle loop block.
        long before = kernel.waitsOfAtLeast(500);
        await(() -> kernel.waitsOfAtLeast(500) > before, "the loop to block for 500 ms or more with MODEM_EVENTS on");
        assertTrue(ch.config().isModemEvents());
        // Switched on at runtime: still no timer, still events.
        ch.config().setOption(SerialChannelOption.MODEM_EVENTS, false);
        ch.config().setOption(SerialChannelOption.MODEM_EVENTS, true);
        long again = kernel.waitsOfAtLeast(500);
        await(() -> kernel.waitsOfAtLeast(500) > again, "a long wait after MODEM_EVENTS went off and on");
        kernel.device("COM10").cts(false);
        assertEquals(false, assertInstanceOf(ModemLinesChangedEvent.class, next(a)).current().cts());
    }

    @Test
    void aBreakIsEvBreakAndAFramingErrorEvErr() throws Exception {
        Collector a = new Collector();
        SerialChannel chB = open("COM11"); // first: its DTR and RTS coming up are modem-line events for COM10
        open("COM10", opts(SerialChannelOption.MODEM_EVENTS, true), a);
        chB.sendBreak(Duration.ofMillis(2)).sync();
        SerialLineErrorEvent brk = assertInstanceOf(SerialLineErrorEvent.class, next(a));
        assertEquals(1, brk.breaks());
        assertEquals(0, brk.framingErrors() + brk.parityErrors() + brk.overruns() + brk.bufferOverruns());

        kernel.device("COM10").lineError(Win32.CE_FRAME | Win32.CE_RXPARITY);
        SerialLineErrorEvent err = assertInstanceOf(SerialLineErrorEvent.class, next(a));
        assertEquals(1, err.framingErrors());
        assertEquals(1, err.parityErrors());
        assertEquals(0, err.breaks());
        kernel.device("COM10").lineError(Win32.CE_OVERRUN);
        assertEquals(1, assertInstanceOf(SerialLineErrorEvent.class, next(a)).overruns());
        assertTrue(a.events().isEmpty(), "one event per completion: " + a.events());
    }
}
