package io.github.nettyserial.windows;

import io.github.nettyserial.windows.sim.SimKernel;
import io.netty.buffer.AbstractByteBufAllocator;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.UnpooledHeapByteBuf;
import io.netty.buffer.UnpooledUnsafeDirectByteBuf;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A direct-buffer allocator that tells the simulated kernel whenever a buffer's memory is given back, so a
 * buffer released while an overlapped read or write still points into it fails the test, and counts the
 * buffers alive so a test can prove every one was released.
 */
final class TrackingAllocator extends AbstractByteBufAllocator {
    private final SimKernel kernel;
    private final AtomicInteger live = new AtomicInteger();

    TrackingAllocator(SimKernel kernel) {
        super(true);
        this.kernel = kernel;
    }

    /** Buffers allocated and not yet released. */
    int live() {
        return live.get();
    }

    @Override
    protected ByteBuf newHeapBuffer(int initialCapacity, int maxCapacity) {
        return new UnpooledHeapByteBuf(this, initialCapacity, maxCapacity);
    }

    @Override
    protected ByteBuf newDirectBuffer(int initialCapacity, int maxCapacity) {
        live.incrementAndGet();
        return toLeakAwareBuffer(new Tracked(initialCapacity, maxCapacity));
    }

    private final class Tracked extends UnpooledUnsafeDirectByteBuf {
        // Kept here because memoryAddress() refuses once the count is 0, i.e. inside deallocate().
        private long address;
        private int size;

        Tracked(int initialCapacity, int maxCapacity) {
            super(TrackingAllocator.this, initialCapacity, maxCapacity);
            remember();
        }

        private void remember() {
            address = memoryAddress();
            size = capacity();
        }

        @Override
        public ByteBuf capacity(int newCapacity) {
            long oldAddress = address;
            int oldSize = size;
            super.capacity(newCapacity);
            if (memoryAddress() != oldAddress) {
                kernel.checkReleasable(oldAddress, oldSize, "a direct ByteBuf (reallocated)");
            }
            remember();
            return this;
        }

        @Override
        protected void deallocate() {
            kernel.checkReleasable(address, size, "a direct ByteBuf");
            live.decrementAndGet();
            super.deallocate();
        }
    }

    @Override
    public boolean isDirectBufferPooled() {
        return false;
    }
}
