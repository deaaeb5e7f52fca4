package io.github.nettyserial.internal;

import io.netty.channel.IoHandle;
import io.netty.channel.IoHandler;
import io.netty.channel.IoHandlerContext;
import io.netty.channel.IoHandlerFactory;
import io.netty.channel.IoRegistration;
import io.netty.util.concurrent.ThreadAwareExecutor;

/**
 * Busy polling for any {@link IoHandler} (Netty's epoll handler, the IOCP handler): where the loop would let
 * the handler block, it first runs it without blocking, again and again, for up to a budget, and lets it
 * block only when nothing came. A port that answers within the budget is then read by a thread that never
 * slept, which saves the wake-up of an idle CPU (tens of µs on a virtual machine); the loop thread stays
 * runnable for the budget after every burst of work.
 *
 * <p>Each turn asks the loop's context whether it may still block, so a task handed over from another
 * thread, or a scheduled task that fell due, ends the polling at once: the handlers' own wake-ups would not
 * (Netty's epoll handler writes its eventfd only to a sleeping loop). Between turns the thread yields, so
 * that the kernel worker carrying the awaited bytes, or the peer process, can run on a machine with few cores.
 */
public final class BusyPollingIoHandler implements IoHandler {
    private final IoHandler delegate;
    private final long budgetNanos;
    private IoHandlerContext loopContext;
    private IoHandlerContext nonBlocking;

    BusyPollingIoHandler(IoHandler delegate, long budgetNanos) {
        this.delegate = delegate;
        this.budgetNanos = budgetNanos;
    }

    /**
     * @param factory the handler to wrap
     * @param budgetNanos how long to poll before blocking; 0 returns {@code factory} itself
     * @return a factory of busy-polling handlers
     */
    public static IoHandlerFactory wrap(IoHandlerFactory factory, long budgetNanos) {
        if (budgetNanos < 0) {
            throw new IllegalArgumentException("busy-poll budget must be 0 or more ns, not " + budgetNanos);
        }
        if (budgetNanos == 0) {
            return factory;
        }
        return new IoHandlerFactory() {
            @Override
            public IoHandler newHandler(ThreadAwareExecutor executor) {
                return new BusyPollingIoHandler(factory.newHandler(executor), budgetNanos);
            }

            @Override
            public boolean isChangingThreadSupported() {
                return factory.isChangingThreadSupported();
            }
        };
    }

    @Override
    public int run(IoHandlerContext context) {
        if (!context.canBlock()) {
            return delegate.run(context);
        }
        IoHandlerContext poll = nonBlocking(context);
        long deadline = System.nanoTime() + budgetNanos;
        do {
            int handled = delegate.run(poll);
            if (handled != 0 || !context.canBlock()) {
                return handled;
            }
            Thread.yield();
        } while (System.nanoTime() - deadline < 0);
        return delegate.run(context);
    }

    /** The loop's context, except that it never lets the handler block. */
    private IoHandlerContext nonBlocking(IoHandlerContext context) {
        if (context != loopContext) {
            loopContext = context;
            nonBlocking = new IoHandlerContext() {
                @Override
                public boolean canBlock() {
                    return false;
                }

                @Override
                public long delayNanos(long currentTimeNanos) {
                    return context.delayNanos(currentTimeNanos);
                }

                @Override
                public long deadlineNanos() {
                    return context.deadlineNanos();
                }

                @Override
                public void reportActiveIoTime(long activeNanos) {
                    context.reportActiveIoTime(activeNanos);
                }

                @Override
                public boolean shouldReportActiveIoTime() {
                    return context.shouldReportActiveIoTime();
                }
            };
        }
        return nonBlocking;
    }

    @Override
    public void initialize() {
        delegate.initialize();
    }

    @Override
    public void prepareToDestroy() {
        delegate.prepareToDestroy();
    }

    @Override
    public void destroy() {
        delegate.destroy();
    }

    @Override
    public IoRegistration register(IoHandle handle) throws Exception {
        return delegate.register(handle);
    }

    @Override
    public void wakeup() {
        delegate.wakeup();
    }

    @Override
    public boolean isCompatible(Class<? extends IoHandle> handleType) {
        return delegate.isCompatible(handleType);
    }
}
