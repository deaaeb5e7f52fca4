package io.github.nettyserial;

import io.netty.channel.Channel;
import io.netty.channel.ChannelException;
import io.netty.util.concurrent.Future;
import io.netty.util.concurrent.ImmediateEventExecutor;
import io.netty.util.concurrent.Promise;
import io.netty.util.concurrent.PromiseNotifier;
import io.netty.util.internal.ThreadExecutorMap;
import java.util.function.Supplier;

/**
 * Where an option change of a {@link SerialChannel} runs, and who waits for it (the rules are those of
 * {@link SerialChannelConfig}): at once where it may, on the channel's loop otherwise, and never with an
 * event-loop thread waiting for another loop.
 */
final class Reconfiguration {

    private Reconfiguration() {
    }

    /**
     * Runs {@code change} for {@code channel}.
     *
     * @param atOnce whether to run it on this thread: before connect, or on the channel's own loop
     * @param change applies the change and says when it is done (at once for a local port)
     */
    static void run(Channel channel, boolean atOnce, Supplier<Future<Void>> change) {
        if (atOnce) {
            Future<Void> done = change.get();
            if (done.isDone()) {
                rethrow(done);
            } else {
                done.addListener(f -> reportIfFailed(channel, f));
            }
            return;
        }
        if (ThreadExecutorMap.currentExecutor() != null) {
            // Another event loop's thread: waiting could deadlock two loops that reconfigure each other's
            // channels, so hand the change over and report a refusal through the pipeline.
            channel.eventLoop().execute(() -> change.get().addListener(f -> reportIfFailed(channel, f)));
            return;
        }
        Promise<Void> outcome = ImmediateEventExecutor.INSTANCE.newPromise();
        channel.eventLoop().execute(() -> {
            try {
                PromiseNotifier.cascade(change.get(), outcome);
            } catch (Throwable t) {
                outcome.tryFailure(t);
            }
        });
        rethrow(outcome.awaitUninterruptibly());
    }

    private static void rethrow(Future<?> done) {
        Throwable cause = done.cause();
        if (cause instanceof RuntimeException) {
            throw (RuntimeException) cause;
        }
        if (cause instanceof Error) {
            throw (Error) cause;
        }
        if (cause != null) {
            throw new ChannelException(cause.getMessage(), cause);
        }
    }

    private static void reportIfFailed(Channel channel, Future<?> done) {
        if (!done.isSuccess() && channel.isOpen()) {
            channel.pipeline().fireExceptionCaught(done.cause());
        }
    }
}
