package io.github.nettyserial.linux;

import io.github.nettyserial.SerialException;
import io.github.nettyserial.internal.SerialBackend;
import io.github.nettyserial.internal.SerialChannelContext;
import io.github.nettyserial.internal.SerialIo;
import io.github.nettyserial.internal.SerialSettings;
import io.netty.channel.IoEventLoop;

/** Serial ports on Netty's epoll loop: any {@code IoEventLoop} built on {@code EpollIoHandler}. */
public final class LinuxSerialBackend implements SerialBackend {

    /** Called by {@link io.github.nettyserial.internal.SerialBackends}. */
    public LinuxSerialBackend() {
    }

    @Override
    public boolean isCompatible(IoEventLoop loop) {
        return loop.isCompatible(EpollSerialIo.Handle.class);
    }

    @Override
    public SerialIo open(SerialChannelContext channel, IoEventLoop loop, String path, SerialSettings settings)
            throws SerialException {
        NativeLibraries.ensureAvailable();
        return new EpollSerialIo(channel, LinuxSerialPort.open(path, settings));
    }
}
