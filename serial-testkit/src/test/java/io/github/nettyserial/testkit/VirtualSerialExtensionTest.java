package io.github.nettyserial.testkit;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.nettyserial.SerialChannel;
import io.github.nettyserial.SerialEventLoopGroup;
import io.netty.bootstrap.Bootstrap;
import io.netty.buffer.Unpooled;
import io.netty.channel.Channel;
import io.netty.channel.ChannelInboundHandlerAdapter;
import java.lang.reflect.Method;
import java.lang.reflect.Proxy;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.function.BooleanSupplier;
import java.util.function.Function;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.api.extension.ParameterContext;

/**
 * The extension's callbacks, called directly with a minimal context, so that the cases where it must fail a test
 * can be checked; {@link VirtualPortsTest} uses it the way a user does.
 */
class VirtualSerialExtensionTest {

    private final VirtualSerialExtension extension = new VirtualSerialExtension();
    private final ExtensionContext context = context("[method:x]");

    @SuppressWarnings("unused")
    static void parameters(VirtualSerialPort port, VirtualSerialPair pair, FakeSerialDevice device,
                           SerialEventLoopGroup group, String notOurs) {
    }

    @Test
    void resolvesEachTypeAndClosesAllOfItAfterTheTest() throws Exception {
        VirtualSerialPort port = (VirtualSerialPort) resolve(0);
        VirtualSerialPair pair = (VirtualSerialPair) resolve(1);
        FakeSerialDevice device = (FakeSerialDevice) resolve(2);
        SerialEventLoopGroup group = (SerialEventLoopGroup) resolve(3);
        assertFalse(extension.supportsParameter(parameter(4), context));
        assertNotSame(port, resolve(0), "a new port for each parameter");
        assertFalse(port.isHungUp());
        assertTrue(device.address().path().startsWith("/dev/pts/"), device.address().path());
        device.expect("never sent").start();
        String bridge = "virtual-serial-pair " + pair.a() + "<->" + pair.b();
        assertTrue(threadAlive(bridge));

        extension.afterEach(context);

        assertTrue(port.isHungUp(), "the port is closed");
        assertTrue(group.isTerminated(), "the group is shut down");
        assertFalse(threadAlive("FakeSerialDevice " + device.address().path()), "the device's thread ended");
        assertFalse(threadAlive(bridge), "the pair's bridge thread ended");
        extension.afterEach(context); // nothing left: nothing happens
    }

    @Test
    void aChannelLeftOpenFailsTheTestAndIsClosed() {
        VirtualSerialPort port = (VirtualSerialPort) resolve(0);
        SerialEventLoopGroup group = (SerialEventLoopGroup) resolve(3);
        Channel ch = new Bootstrap().group(group).channel(SerialChannel.class).handler(new ChannelInboundHandlerAdapter())
                .connect(port.address()).syncUninterruptibly().channel();

        AssertionError e = assertThrows(AssertionError.class, () -> extension.afterEach(context));

        assertTrue(e.getMessage().startsWith("VirtualSerialExtension: the test left 1 channel(s) open: [")
                && e.getMessage().contains(port.path()), e.getMessage());
        assertFalse(ch.isOpen());
        assertTrue(group.isTerminated());
        assertTrue(port.isHungUp());
    }

    @Test
    void aFailedScriptFailsTheTestEvenIfNobodyAwaitedIt() throws Exception {
        FakeSerialDevice device = (FakeSerialDevice) resolve(2);
        SerialEventLoopGroup group = (SerialEventLoopGroup) resolve(3);
        device.expect("A").start();
        Channel ch = new Bootstrap().group(group).channel(SerialChannel.class).handler(new ChannelInboundHandlerAdapter())
                .connect(device.address()).syncUninterruptibly().channel();
        ch.writeAndFlush(Unpooled.copiedBuffer("B", StandardCharsets.US_ASCII)).sync();
        await(() -> device.failure() != null);
        ch.close().sync();

        AssertionError e = assertThrows(AssertionError.class, () -> extension.afterEach(context));

        assertTrue(e.getMessage().startsWith("a FakeSerialDevice script failed: " + device.address().path()
                + ": step 1 of 1, expect 1 bytes 41  \"A\": wrong bytes"), e.getMessage());
    }

    @Test
    void resourcesOfAClassContextAreNotClosedAfterEachTest() {
        ExtensionContext classContext = context("[class:x]");
        VirtualSerialPort shared = (VirtualSerialPort) extension.resolveParameter(parameter(0), classContext);
        VirtualSerialPort own = (VirtualSerialPort) resolve(0);
        extension.afterEach(context);
        assertTrue(own.isHungUp());
        assertFalse(shared.isHungUp());
        extension.afterAll(classContext);
        assertTrue(shared.isHungUp());
    }

    private Object resolve(int index) {
        ParameterContext p = parameter(index);
        assertTrue(extension.supportsParameter(p, context));
        return extension.resolveParameter(p, context);
    }

    private static boolean threadAlive(String name) {
        return Thread.getAllStackTraces().keySet().stream().anyMatch(t -> t.getName().equals(name) && t.isAlive());
    }

    private static void await(BooleanSupplier condition) throws InterruptedException {
        long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("timed out");
            }
            Thread.sleep(2);
        }
    }

    private static ParameterContext parameter(int index) {
        Method m;
        try {
            m = VirtualSerialExtensionTest.class.getDeclaredMethod("parameters", VirtualSerialPort.class,
                    VirtualSerialPair.class, FakeSerialDevice.class, SerialEventLoopGroup.class, String.class);
        } catch (NoSuchMethodException e) {
            throw new AssertionError(e);
        }
        return proxy(ParameterContext.class, (name, args) -> switch (name) {
            case "getParameter" -> m.getParameters()[index];
            case "getIndex" -> index;
            case "getDeclaringExecutable" -> m;
            default -> throw new UnsupportedOperationException(name);
        });
    }

    /** Just what the extension uses: a unique id and a store. */
    private static ExtensionContext context(String uniqueId) {
        Map<Object, Object> values = new HashMap<>();
        ExtensionContext.Store store = proxy(ExtensionContext.Store.class, (name, args) -> switch (name) {
            case "getOrComputeIfAbsent" -> {
                @SuppressWarnings("unchecked")
                Function<Object, Object> create = (Function<Object, Object>) args[1];
                yield values.computeIfAbsent(args[0], create);
            }
            case "remove" -> values.remove(args[0]);
            default -> throw new UnsupportedOperationException(name);
        });
        return proxy(ExtensionContext.class, (name, args) -> switch (name) {
            case "getUniqueId" -> uniqueId;
            case "getStore" -> store;
            default -> throw new UnsupportedOperationException(name);
        });
    }

    private interface Answer {
        Object answer(String method, Object[] args);
    }

    private static <T> T proxy(Class<T> type, Answer answer) {
        return type.cast(Proxy.newProxyInstance(type.getClassLoader(), new Class<?>[] {type},
                (p, method, args) -> switch (method.getName()) {
                    case "toString" -> type.getSimpleName() + " stub";
                    case "hashCode" -> System.identityHashCode(p);
                    case "equals" -> p == args[0];
                    default -> answer.answer(method.getName(), args);
                }));
    }
}
