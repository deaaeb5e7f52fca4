package io.github.nettyserial.windows;

import io.github.nettyserial.SerialException;
import io.github.nettyserial.SerialPortInfo;
import io.github.nettyserial.internal.SerialChannelContext;
import io.github.nettyserial.internal.SerialIo;
import io.github.nettyserial.internal.SerialPlatform;
import io.github.nettyserial.internal.SerialSettings;
import io.netty.channel.DefaultEventLoopGroup;
import io.netty.channel.EventLoop;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.IoEventLoop;
import io.netty.channel.IoHandlerFactory;
import io.netty.util.concurrent.DefaultThreadFactory;
import io.netty.util.concurrent.ScheduledFuture;
import java.io.IOException;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * Windows: COM ports on an {@link IocpIoHandler} loop, discovery from SetupAPI, hotplug by rescanning on a
 * timer. Loading this class touches no native code; kernel32 is bound only when a handler on the real kernel
 * is created (on Windows).
 */
public final class WindowsPlatform implements SerialPlatform {

    @Override
    public IoHandlerFactory ioHandlerFactory() {
        return IocpIoHandler.newFactory();
    }

    @Override
    public boolean isCompatible(IoEventLoop loop) {
        return loop.isCompatible(IocpIoHandle.class);
    }

    @Override
    public SerialIo open(SerialChannelContext channel, IoEventLoop loop, String path, SerialSettings settings)
            throws SerialException {
        Win32 win32 = IocpIoHandler.win32Of(loop);
        if (win32 == null) {
            throw new SerialException(path, SerialException.NO_NATIVE_ERROR,
                    "the channel's event loop is not an IocpIoHandler loop of this JVM");
        }
        WindowsSerialPort port = WindowsSerialPort.open(win32, path, settings);
        try {
            return new IocpSerialIo(win32, port, channel);
        } catch (RuntimeException | Error e) {
            port.close();
            throw e;
        }
    }

    @Override
    public List<SerialPortInfo> scan() throws IOException {
        return Discovery.INSTANCE.scan();
    }

    @Override
    public AutoCloseable watch(EventLoop loop, Runnable rescan, long pollMillis) {
        // Windows has device notifications only for windows and services; a rescan timer needs neither.
        ScheduledFuture<?> timer = loop.scheduleWithFixedDelay(rescan, pollMillis, pollMillis, TimeUnit.MILLISECONDS);
        return () -> timer.cancel(false);
    }

    @Override
    public EventLoopGroup newWatchGroup() {
        return new DefaultEventLoopGroup(1, new DefaultThreadFactory("serial-port-watch", true));
    }

    /** Binds SetupAPI on first use only, so this class loads anywhere. */
    private static final class Discovery {
        static final SetupApiDiscovery INSTANCE = SetupApiDiscovery.system();
    }
}
