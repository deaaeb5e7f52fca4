package io.github.nettyserial.windows;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.github.nettyserial.SerialChannel;
import io.github.nettyserial.linux.CounterPinger;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * The IOCP loop with a busy-poll budget, over the simulated kernel: completions dequeued while polling are
 * dispatched like those a blocking wait returns, and a task from another thread (whose wakeup packet the poll
 * dequeues) is run at once rather than after the budget.
 */
class IocpBusyPollTest extends SimulatedPorts {
    private static final long BUDGET_NANOS = TimeUnit.MILLISECONDS.toNanos(100);

    @Override
    long busyPollNanos() {
        return BUDGET_NANOS;
    }

    @Test
    void pingPongOnOneBusyPollingLoopArrivesWholeAndInOrder() throws Exception {
        CounterPinger pinger = new CounterPinger(500);
        SerialChannel a = open("COM10", pinger);
        open("COM11", new Echo());
        a.eventLoop().execute(pinger::send);
        assertEquals(500, pinger.done.get(TIMEOUT_SECONDS, TimeUnit.SECONDS));
    }

    @Test
    void tasksFromAnotherThreadAndDueTimersDoNotWaitOutTheBudget() throws Exception {
        // No port open: no completion can end a poll early, only the loop's own queues.
        CounterPinger.assertTasksAndTimersDoNotWaitOutTheBudget(group.next(), BUDGET_NANOS);
    }
}
