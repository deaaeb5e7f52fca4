package io.github.nettyserial.internal;

import io.netty.channel.EventLoop;
import io.netty.channel.IoEventLoop;
import io.netty.util.internal.logging.InternalLogger;
import io.netty.util.internal.logging.InternalLoggerFactory;
import java.util.ArrayList;
import java.util.List;

/**
 * The backends this JVM can load, and which one serves a given event loop. Backends are found by name so
 * that a platform's classes are only loaded where they can be.
 */
public final class SerialBackends {
    private static final InternalLogger logger = InternalLoggerFactory.getInstance(SerialBackends.class);

    private static final String[] CLASS_NAMES = {
        "io.github.nettyserial.linux.LinuxSerialBackend",
        "io.github.nettyserial.windows.WindowsSerialBackend",
    };

    private static final List<SerialBackend> BACKENDS = load();

    private SerialBackends() {
    }

    private static List<SerialBackend> load() {
        List<SerialBackend> backends = new ArrayList<>();
        for (String name : CLASS_NAMES) {
            try {
                backends.add((SerialBackend) Class.forName(name).getDeclaredConstructor().newInstance());
            } catch (ReflectiveOperationException | LinkageError e) {
                logger.debug("serial backend {} not available", name, e);
            }
        }
        return List.copyOf(backends);
    }

    /** The backend for channels on {@code loop}, or {@code null} if none fits it. */
    public static SerialBackend find(EventLoop loop) {
        if (!(loop instanceof IoEventLoop)) {
            return null;
        }
        for (SerialBackend backend : BACKENDS) {
            if (backend.isCompatible((IoEventLoop) loop)) {
                return backend;
            }
        }
        return null;
    }
}
