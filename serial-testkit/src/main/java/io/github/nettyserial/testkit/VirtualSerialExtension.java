package io.github.nettyserial.testkit;

import io.github.nettyserial.SerialEventLoopGroup;
import io.netty.channel.Channel;
import io.netty.channel.ChannelFuture;
import io.netty.channel.ChannelPromise;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.AfterEachCallback;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.api.extension.ParameterContext;
import org.junit.jupiter.api.extension.ParameterResolutionException;
import org.junit.jupiter.api.extension.ParameterResolver;

/**
 * A JUnit Jupiter extension that hands a test fresh virtual serial ports and cleans up after it.
 *
 * <pre>{@code
 * @ExtendWith(VirtualSerialExtension.class)
 * class MyDeviceTest {
 *     @Test
 *     void answersPing(FakeSerialDevice device, SerialEventLoopGroup group) throws Exception {
 *         device.expect("PING\r\n").reply("PONG\r\n").start();
 *         Channel ch = new Bootstrap().group(group).channel(SerialChannel.class)
 *                 .handler(new MyHandler()).connect(device.address()).sync().channel();
 *         // ...
 *         ch.close().sync();
 *         device.awaitDone();
 *     }
 * }
 * }</pre>
 *
 * <p>Parameters it resolves, in test methods, lifecycle methods and constructors, each a new one per parameter:
 * <ul>
 *   <li>{@link VirtualSerialPort}: a pseudo-terminal;</li>
 *   <li>{@link VirtualSerialPair}: two ports wired as a null-modem cable;</li>
 *   <li>{@link FakeSerialDevice}: a device, not yet started, on a port of its own ({@link FakeSerialDevice#address()}
 *       is where to connect);</li>
 *   <li>{@link SerialEventLoopGroup}: a group with one event loop.</li>
 * </ul>
 *
 * <p>After each test (after its {@code @AfterEach} methods; for what a {@code @BeforeAll} method or a per-class
 * constructor received, after all tests) the extension closes what it handed out, in this order: it closes every
 * channel still open on one of its groups, and <b>fails the test</b> naming them, since a test that leaves a channel
 * open hides a leak; it shuts the groups down and waits for their threads; it stops the fake devices (and fails the
 * test if a script step failed, even if the test never called {@link FakeSerialDevice#awaitDone()}); it closes the
 * pairs and ports. Nothing it created outlives the test.
 */
public final class VirtualSerialExtension implements ParameterResolver, AfterEachCallback, AfterAllCallback {

    private static final ExtensionContext.Namespace NAMESPACE = ExtensionContext.Namespace.create(VirtualSerialExtension.class);
    private static final long SHUTDOWN_SECONDS = 10;

    @Override
    public boolean supportsParameter(ParameterContext parameterContext, ExtensionContext extensionContext) {
        Class<?> type = parameterContext.getParameter().getType();
        return type == VirtualSerialPort.class || type == VirtualSerialPair.class || type == FakeSerialDevice.class
                || type == SerialEventLoopGroup.class;
    }

    @Override
    public Object resolveParameter(ParameterContext parameterContext, ExtensionContext extensionContext) {
        Class<?> type = parameterContext.getParameter().getType();
        Resources resources = resources(extensionContext);
        try {
            if (type == VirtualSerialPort.class) {
                return resources.add(resources.ports, VirtualSerialPort.open());
            }
            if (type == VirtualSerialPair.class) {
                return resources.add(resources.pairs, VirtualSerialPair.open());
            }
            if (type == FakeSerialDevice.class) {
                VirtualSerialPort port = resources.add(resources.ports, VirtualSerialPort.open());
                return resources.add(resources.devices, FakeSerialDevice.on(port));
            }
            return resources.add(resources.groups, new TrackingGroup());
        } catch (IOException | RuntimeException e) {
            throw new ParameterResolutionException("VirtualSerialExtension could not create a " + type.getSimpleName()
                    + " for " + parameterContext.getParameter() + ": " + e.getMessage(), e);
        }
    }

    @Override
    public void afterEach(ExtensionContext context) {
        closeResources(context);
    }

    @Override
    public void afterAll(ExtensionContext context) {
        closeResources(context);
    }

    private static Resources resources(ExtensionContext context) {
        // Keyed by the context's id: a store lookup also searches the parent contexts, and a test method's
        // resources must not land in its class's.
        return context.getStore(NAMESPACE).getOrComputeIfAbsent(context.getUniqueId(), id -> new Resources(),
                Resources.class);
    }

    private static void closeResources(ExtensionContext context) {
        Resources resources = context.getStore(NAMESPACE).remove(context.getUniqueId(), Resources.class);
        if (resources != null) {
            resources.close();
        }
    }

    /** What one test (or one test class) was handed. */
    private static final class Resources {
        final List<TrackingGroup> groups = new ArrayList<>();
        final List<FakeSerialDevice> devices = new ArrayList<>();
        final List<VirtualSerialPair> pairs = new ArrayList<>();
        final List<VirtualSerialPort> ports = new ArrayList<>();

        synchronized <T> T add(List<T> list, T resource) {
            list.add(resource);
            return resource;
        }

        synchronized void close() {
            List<Throwable> problems = new ArrayList<>();
            List<Channel> leftOpen = new ArrayList<>();
            for (TrackingGroup group : groups) {
                leftOpen.addAll(group.openChannels());
            }
            for (Channel ch : leftOpen) {
                attempt(problems, () -> ch.close().await(SHUTDOWN_SECONDS, TimeUnit.SECONDS));
            }
            if (!leftOpen.isEmpty()) {
                problems.add(0, new AssertionError("VirtualSerialExtension: the test left " + leftOpen.size()
                        + " channel(s) open: " + leftOpen + "; close every channel before the test ends"));
            }
            for (TrackingGroup group : groups) {
                attempt(problems, () -> {
                    if (!group.shutdownGracefully(0, 1, TimeUnit.SECONDS).await(SHUTDOWN_SECONDS, TimeUnit.SECONDS)) {
                        throw new IllegalStateException("VirtualSerialExtension: a SerialEventLoopGroup did not "
                                + "terminate within " + SHUTDOWN_SECONDS + " s");
                    }
                });
            }
            for (FakeSerialDevice device : devices) {
                attempt(problems, () -> {
                    device.close();
                    AssertionError failure = device.failure();
                    if (failure != null) {
                        throw new AssertionError("a FakeSerialDevice script failed: " + failure.getMessage(),
                                failure.getCause());
                    }
                });
            }
            for (VirtualSerialPair pair : pairs) {
                attempt(problems, pair::close);
            }
            for (VirtualSerialPort port : ports) {
                attempt(problems, port::close);
            }
            groups.clear();
            devices.clear();
            pairs.clear();
            ports.clear();
            if (!problems.isEmpty()) {
                Throwable first = problems.get(0);
                for (Throwable t : problems.subList(1, problems.size())) {
                    first.addSuppressed(t);
                }
                if (first instanceof Error) {
                    throw (Error) first;
                }
                if (first instanceof RuntimeException) {
                    throw (RuntimeException) first;
                }
                throw new IllegalStateException(first.getMessage(), first);
            }
        }

        private interface Step {
            void run() throws Exception;
        }

        private static void attempt(List<Throwable> problems, Step step) {
            try {
                step.run();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                problems.add(e);
            } catch (IOException e) {
                problems.add(new UncheckedIOException(e));
            } catch (Throwable t) {
                problems.add(t);
            }
        }
    }

    /** A one-loop group that remembers the channels registered on it, to find the ones a test left open. */
    private static final class TrackingGroup extends SerialEventLoopGroup {
        private final Set<Channel> channels = new LinkedHashSet<>();

        TrackingGroup() {
            super(1);
        }

        @Override
        public ChannelFuture register(Channel channel) {
            track(channel);
            return super.register(channel);
        }

        @Override
        public ChannelFuture register(ChannelPromise promise) {
            track(promise.channel());
            return super.register(promise);
        }

        @Deprecated
        @Override
        public ChannelFuture register(Channel channel, ChannelPromise promise) {
            track(channel);
            return super.register(channel, promise);
        }

        private synchronized void track(Channel channel) {
            channels.add(channel);
        }

        synchronized List<Channel> openChannels() {
            List<Channel> open = new ArrayList<>();
            for (Channel ch : channels) {
                if (ch.isOpen()) {
                    open.add(ch);
                }
            }
            return open;
        }
    }
}
