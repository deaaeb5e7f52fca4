package io.github.nettyserial.testkit;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufAllocator;
import io.netty.util.ResourceLeakDetector;
import io.netty.util.ResourceLeakDetectorFactory;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * Makes Netty's leak detector fail tests instead of only logging. It runs the detector at
 * {@link ResourceLeakDetector.Level#PARANOID} (every buffer tracked), records every leak it reports, and
 * after each test class collects garbage and fails the class if any {@link ByteBuf} was never released.
 *
 * <p>Register it with {@code @ExtendWith(LeakCheckExtension.class)}, or for a whole test suite through
 * JUnit's extension auto-detection (a {@code META-INF/services/org.junit.jupiter.api.extension.Extension}
 * file naming this class, and {@code junit.jupiter.extensions.autodetection.enabled=true}). It must be
 * loaded before the first buffer is allocated, which auto-detection ensures.
 */
public final class LeakCheckExtension implements BeforeAllCallback, AfterAllCallback {
    private static final List<String> LEAKS = new ArrayList<>();

    static {
        ResourceLeakDetector.setLevel(ResourceLeakDetector.Level.PARANOID);
        ResourceLeakDetectorFactory.setResourceLeakDetectorFactory(new RecordingFactory());
    }

    /** Created by JUnit. */
    public LeakCheckExtension() {
    }

    @Override
    public void beforeAll(ExtensionContext context) {
        takeLeaks();
    }

    @Override
    public void afterAll(ExtensionContext context) throws Exception {
        // Leaks are found when the garbage collector clears an unreleased buffer, and reported when the
        // detector next tracks a buffer: collect, then allocate a few to make it look.
        for (int i = 0; i < 3; i++) {
            System.gc();
            Thread.sleep(20);
            for (int j = 0; j < 8; j++) {
                ByteBuf probe = ByteBufAllocator.DEFAULT.directBuffer(16);
                probe.release();
            }
        }
        List<String> leaks = takeLeaks();
        if (!leaks.isEmpty()) {
            throw new AssertionError(leaks.size() + " ByteBuf leak(s) in " + context.getDisplayName()
                    + " (a buffer was garbage-collected without release()):\n" + String.join("\n\n", leaks));
        }
    }

    private static List<String> takeLeaks() {
        synchronized (LEAKS) {
            List<String> copy = new ArrayList<>(LEAKS);
            LEAKS.clear();
            return copy;
        }
    }

    private static final class RecordingFactory extends ResourceLeakDetectorFactory {
        @Override
        public <T> ResourceLeakDetector<T> newResourceLeakDetector(Class<T> resource, int samplingInterval,
                                                                   long maxActive) {
            return new RecordingDetector<>(resource, samplingInterval);
        }
    }

    private static final class RecordingDetector<T> extends ResourceLeakDetector<T> {
        RecordingDetector(Class<T> resource, int samplingInterval) {
            super(resource, samplingInterval);
        }

        @Override
        protected void reportTracedLeak(String resourceType, String records) {
            synchronized (LEAKS) {
                LEAKS.add("LEAK of " + resourceType + ":" + records);
            }
            super.reportTracedLeak(resourceType, records);
        }

        @Override
        protected void reportUntracedLeak(String resourceType) {
            synchronized (LEAKS) {
                LEAKS.add("LEAK of " + resourceType + " (untraced)");
            }
            super.reportUntracedLeak(resourceType);
        }
    }
}
