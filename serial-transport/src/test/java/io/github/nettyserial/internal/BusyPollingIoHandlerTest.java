package io.github.nettyserial.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.netty.channel.IoHandle;
import io.netty.channel.IoHandler;
import io.netty.channel.IoHandlerContext;
import io.netty.channel.IoHandlerFactory;
import io.netty.channel.IoRegistration;
import java.util.ArrayList;
import java.util.List;
import java.util.function.IntSupplier;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** The busy-polling wrapper alone, over a handler and a loop context that count what they are asked. */
@Timeout(10)
class BusyPollingIoHandlerTest {
    /** So long that only the handler or the loop's context can end a poll within the test's timeout. */
    private static final long FOREVER = Long.MAX_VALUE / 4;

    /** A loop context whose {@code canBlock()} answers from a supplier (tasks queued, timers due). */
    static final class Loop implements IoHandlerContext {
        final java.util.function.BooleanSupplier canBlock;

        Loop(java.util.function.BooleanSupplier canBlock) {
            this.canBlock = canBlock;
        }

        @Override
        public boolean canBlock() {
            return canBlock.getAsBoolean();
        }

        @Override
        public long delayNanos(long currentTimeNanos) {
            return 1_000_000_000L;
        }

        @Override
        public long deadlineNanos() {
            return -1;
        }
    }

    /** Records whether each run could block, and answers with the next count from a supplier. */
    static final class Handler implements IoHandler {
        final List<Boolean> runs = new ArrayList<>();
        final IntSupplier handled;
        int wakeups;

        Handler(IntSupplier handled) {
            this.handled = handled;
        }

        @Override
        public int run(IoHandlerContext context) {
            runs.add(context.canBlock());
            return handled.getAsInt();
        }

        @Override
        public IoRegistration register(IoHandle handle) {
            throw new UnsupportedOperationException();
        }

        @Override
        public void wakeup() {
            wakeups++;
        }

        @Override
        public boolean isCompatible(Class<? extends IoHandle> handleType) {
            return handleType == IoHandle.class;
        }
    }

    @Test
    void pollsWithoutBlockingUntilTheHandlerHandlesSomething() {
        Handler h = new Handler(new IntSupplier() {
            int n;

            @Override
            public int getAsInt() {
                return ++n < 50 ? 0 : 3;
            }
        });
        assertEquals(3, new BusyPollingIoHandler(h, FOREVER).run(new Loop(() -> true)));
        assertEquals(50, h.runs.size());
        assertFalse(h.runs.contains(true), "the handler was allowed to block while the budget lasted");
    }

    @Test
    void aQueuedTaskOrADueTimerEndsThePoll() {
        Handler h = new Handler(() -> 0);
        // canBlock() turns false, as the loop's does when a task is queued or a timer falls due.
        assertEquals(0, new BusyPollingIoHandler(h, FOREVER).run(new Loop(() -> h.runs.size() < 20)));
        assertEquals(20, h.runs.size());
        assertFalse(h.runs.contains(true));
    }

    @Test
    void anExhaustedBudgetLetsTheHandlerBlock() {
        Handler h = new Handler(() -> 0);
        assertEquals(0, new BusyPollingIoHandler(h, 1).run(new Loop(() -> true)));
        assertTrue(h.runs.size() >= 2, "at least one poll, then the blocking run");
        assertEquals(true, h.runs.get(h.runs.size() - 1), "the last run may block");
        assertFalse(h.runs.subList(0, h.runs.size() - 1).contains(true));
    }

    @Test
    void whenTheLoopMayNotBlockTheHandlerRunsOnceAsAsked() {
        Handler h = new Handler(() -> 0);
        assertEquals(0, new BusyPollingIoHandler(h, FOREVER).run(new Loop(() -> false)));
        assertEquals(List.of(false), h.runs);
    }

    @Test
    void everythingElseIsTheWrappedHandlers() {
        Handler h = new Handler(() -> 0);
        BusyPollingIoHandler busy = new BusyPollingIoHandler(h, FOREVER);
        busy.wakeup();
        assertEquals(1, h.wakeups);
        assertTrue(busy.isCompatible(IoHandle.class));
        assertFalse(busy.isCompatible(Handle.class));
    }

    @Test
    void aBudgetOfZeroIsTheFactoryItselfAndANegativeOneIsRefused() {
        IoHandlerFactory f = executor -> new Handler(() -> 0);
        assertSame(f, BusyPollingIoHandler.wrap(f, 0));
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> BusyPollingIoHandler.wrap(f, -5));
        assertTrue(e.getMessage().contains("-5"), e.getMessage());
    }

    /** Another handle type, which the wrapped handler does not take. */
    interface Handle extends IoHandle {
    }
}
