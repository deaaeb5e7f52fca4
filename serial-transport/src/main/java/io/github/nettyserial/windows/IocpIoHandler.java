package io.github.nettyserial.windows;

import io.netty.channel.IoHandlerFactory;

/** Placeholder: the IOCP completion-port IoHandler (issue 3) replaces this file. */
public final class IocpIoHandler {
    private IocpIoHandler() {
    }

    /** @return the factory */
    public static IoHandlerFactory newFactory() {
        throw new UnsupportedOperationException("the Windows IOCP backend is not built yet");
    }
}
