package io.github.nettyserial.linux;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.netty.channel.SelectStrategy;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** The busy-poll strategy alone, with its epoll poll and task queue replaced by counters. */
@Timeout(10)
class BusyPollStrategyTest {
    /** So long that only readiness or a task can end a poll within the test's timeout. */
    private static final long FOREVER = Long.MAX_VALUE / 4;

    @Test
    void pollsUntilAPortIsReadyAndHandsOverItsCount() throws Exception {
        AtomicInteger polls = new AtomicInteger();
        BusyPollStrategy s = new BusyPollStrategy(FOREVER, () -> false);
        assertEquals(3, s.calculateStrategy(() -> polls.incrementAndGet() < 50 ? 0 : 3, false));
        assertEquals(50, polls.get());
    }

    @Test
    void aQueuedTaskEndsThePollSoTheLoopRunsIt() throws Exception {
        AtomicInteger polls = new AtomicInteger();
        BusyPollStrategy s = new BusyPollStrategy(FOREVER, () -> polls.get() >= 20);
        assertEquals(0, s.calculateStrategy(() -> {
            polls.incrementAndGet();
            return 0;
        }, false), "0: nothing ready, back to the loop's task queue");
        assertEquals(20, polls.get());
    }

    @Test
    void withTasksAlreadyQueuedItPollsOnceAsNettysDefaultDoes() throws Exception {
        AtomicInteger polls = new AtomicInteger();
        BusyPollStrategy s = new BusyPollStrategy(FOREVER, () -> false);
        assertEquals(0, s.calculateStrategy(() -> {
            polls.incrementAndGet();
            return 0;
        }, true));
        assertEquals(1, polls.get());
    }

    @Test
    void anExhaustedBudgetMeansSleepInEpollWait() throws Exception {
        BusyPollStrategy s = new BusyPollStrategy(1, () -> false);
        assertEquals(SelectStrategy.SELECT, s.calculateStrategy(() -> 0, false));
    }

    @Test
    void onAThreadThatIsNoNettyLoopItPollsOnceThenSleeps() throws Exception {
        // No task queue to watch: polling on would keep tasks waiting for the whole budget.
        AtomicInteger polls = new AtomicInteger();
        BusyPollStrategy s = new BusyPollStrategy(FOREVER, null);
        assertEquals(SelectStrategy.SELECT, s.calculateStrategy(() -> {
            polls.incrementAndGet();
            return 0;
        }, false));
        assertEquals(1, polls.get());
    }
}
