package io.github.nettyserial.testkit;

import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufAllocator;
import org.junit.jupiter.api.Test;

/** The leak check turns a buffer dropped without release into a failure, and passes a clean class. */
class LeakCheckExtensionTest {

    @Test
    void aDroppedBufferFailsTheClass() throws Exception {
        LeakCheckExtension check = new LeakCheckExtension();
        check.beforeAll(null);
        leakOne();
        AssertionError e = assertThrows(AssertionError.class, () -> check.afterAll(context("leaky")));
        assertTrue(e.getMessage().contains("leak"), e.getMessage());
        // And a clean class passes.
        check.beforeAll(null);
        ByteBuf ok = ByteBufAllocator.DEFAULT.directBuffer(8);
        ok.release();
        check.afterAll(context("clean"));
    }

    private static void leakOne() {
        ByteBuf leaked = ByteBufAllocator.DEFAULT.directBuffer(64);
        leaked.writeLong(42);
        // dropped without release()
    }

    private static org.junit.jupiter.api.extension.ExtensionContext context(String name) {
        return (org.junit.jupiter.api.extension.ExtensionContext) java.lang.reflect.Proxy.newProxyInstance(
                LeakCheckExtensionTest.class.getClassLoader(),
                new Class<?>[] {org.junit.jupiter.api.extension.ExtensionContext.class}, new DisplayName(name));
    }

    /** Only getDisplayName() is used by the extension. */
    private static final class DisplayName implements java.lang.reflect.InvocationHandler {
        private final String name;

        DisplayName(String name) {
            this.name = name;
        }

        @Override
        public Object invoke(Object proxy, java.lang.reflect.Method method, Object[] args) {
            return "getDisplayName".equals(method.getName()) ? name : null;
        }
    }
}
