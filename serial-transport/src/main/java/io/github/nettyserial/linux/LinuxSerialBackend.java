package io.github.nettyserial.linux;

import io.github.nettyserial.SerialException;
import io.github.nettyserial.internal.SerialBackend;
import io.github.nettyserial.internal.SerialChannelContext;
import io.github.nettyserial.internal.SerialIo;
import io.github.nettyserial.internal.SerialSettings;
import io.netty.channel.IoEventLoop;

/** Placeholder, replaced with the real backend. */
public final class LinuxSerialBackend implements SerialBackend {
    @Override
    public boolean isCompatible(IoEventLoop loop) {
        return false;
    }

    @Override
    public SerialIo open(SerialChannelContext channel, IoEventLoop loop, String path, SerialSettings settings)
            throws SerialException {
        throw new SerialException(path, 0, "not built yet");
    }
}
