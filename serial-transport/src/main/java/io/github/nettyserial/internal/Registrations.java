package io.github.nettyserial.internal;

import io.netty.channel.IoEventLoop;
import io.netty.channel.IoHandle;
import io.netty.channel.IoRegistration;
import io.netty.util.concurrent.Future;
import io.netty.util.concurrent.Promise;
import java.nio.channels.ClosedChannelException;
import java.util.function.Function;

/** Registering a backend's {@link IoHandle} with the channel's loop, the way every {@link SerialIo} does it. */
public final class Registrations {

    private Registrations() {
    }

    /**
     * Registers {@code handle} with {@code loop}; once the loop has it, {@code started} starts I/O with the
     * registration and returns the settings in effect, or {@code null} if the port was closed meanwhile (it
     * must then let go of the registration itself).
     *
     * @return what {@link SerialIo#register} returns
     */
    public static Future<SerialSettings> register(IoEventLoop loop, IoHandle handle,
                                                  Function<IoRegistration, SerialSettings> started) {
        Promise<SerialSettings> promise = loop.newPromise();
        loop.register(handle).addListener(f -> {
            if (!f.isSuccess()) {
                promise.setFailure(f.cause());
                return;
            }
            SerialSettings inEffect = started.apply((IoRegistration) f.getNow());
            if (inEffect == null) {
                promise.setFailure(new ClosedChannelException());
            } else {
                promise.setSuccess(inEffect);
            }
        });
        return promise;
    }
}
