package io.github.nettyserial.windows;

import io.github.nettyserial.SerialException;
import io.github.nettyserial.internal.SerialBackend;
import io.github.nettyserial.internal.SerialChannelContext;
import io.github.nettyserial.internal.SerialIo;
import io.github.nettyserial.internal.SerialSettings;
import io.netty.channel.IoEventLoop;

/**
 * The Windows backend of {@link io.github.nettyserial.SerialChannel}: COM ports on an {@link IocpIoHandler}
 * loop. Loading this class touches no native code; kernel32 is bound only when a handler on the real
 * kernel is created (on Windows).
 */
public final class WindowsSerialBackend implements SerialBackend {

    /** Instantiated by name by {@link io.github.nettyserial.internal.SerialBackends}. */
    public WindowsSerialBackend() {
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
}
