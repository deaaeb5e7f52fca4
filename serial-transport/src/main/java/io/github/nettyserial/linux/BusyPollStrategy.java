package io.github.nettyserial.linux;

import io.netty.channel.SelectStrategy;
import io.netty.channel.SelectStrategyFactory;
import io.netty.util.IntSupplier;
import io.netty.util.concurrent.EventExecutor;
import io.netty.util.concurrent.SingleThreadEventExecutor;
import io.netty.util.internal.ThreadExecutorMap;
import java.util.function.BooleanSupplier;

/**
 * Busy polling for Netty's epoll loop: before the loop sleeps in {@code epoll_wait}, it polls without
 * blocking for up to a budget, giving the CPU away between polls. A port that answers within the budget is
 * then read by a thread that never slept, which saves the wake-up of an idle CPU (tens of µs on a virtual
 * machine). What it costs: the loop thread is runnable for the budget after every burst of work.
 *
 * <p>Netty writes its wake-up eventfd only to a sleeping loop, so a task handed over from another thread
 * would wait out the budget; the poll therefore also stops as soon as the loop's task queue is not empty.
 * A scheduled task may fire up to one budget late.
 */
final class BusyPollStrategy implements SelectStrategy {
    private final long budgetNanos;
    private BooleanSupplier tasksPending;
    private boolean looked;

    BusyPollStrategy(long budgetNanos, BooleanSupplier tasksPending) {
        this.budgetNanos = budgetNanos;
        this.tasksPending = tasksPending;
    }

    /** One strategy per loop; each finds its loop's task queue on first use, on the loop thread. */
    static SelectStrategyFactory factory(long budgetNanos) {
        return () -> new BusyPollStrategy(budgetNanos, null);
    }

    @Override
    public int calculateStrategy(IntSupplier selectNow, boolean hasTasks) throws Exception {
        if (hasTasks) {
            return selectNow.get(); // as Netty's default: look at the ports, then run the tasks
        }
        BooleanSupplier tasks = tasksPending();
        long deadline = System.nanoTime() + budgetNanos;
        do {
            int ready = selectNow.get();
            if (ready != 0) {
                return ready;
            }
            if (tasks == null) {
                return SelectStrategy.SELECT; // no view of this loop's queue: sleep as usual
            }
            if (tasks.getAsBoolean()) {
                return 0; // back to the loop, which runs them
            }
            // Yield rather than spin on the CPU: on a machine with few cores the kernel worker that moves the
            // awaited bytes, or the peer process, may be queued behind this thread.
            Thread.yield();
        } while (System.nanoTime() - deadline < 0);
        return SelectStrategy.SELECT;
    }

    /** The loop's "tasks are waiting" test, or null for a loop whose queue cannot be seen. */
    private BooleanSupplier tasksPending() {
        if (!looked) {
            looked = true;
            EventExecutor loop = ThreadExecutorMap.currentExecutor();
            if (tasksPending == null && loop instanceof SingleThreadEventExecutor) {
                SingleThreadEventExecutor queue = (SingleThreadEventExecutor) loop;
                tasksPending = () -> queue.pendingTasks() != 0;
            }
        }
        return tasksPending;
    }
}
