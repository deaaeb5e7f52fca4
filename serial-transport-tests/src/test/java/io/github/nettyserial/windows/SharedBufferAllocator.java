package io.github.nettyserial.windows;

import io.netty.buffer.AbstractByteBufAllocator;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.UnpooledHeapByteBuf;
import io.netty.buffer.UnpooledUnsafeDirectByteBuf;
import io.netty.util.internal.CleanableDirectBuffer;
import io.netty.util.internal.PlatformDependent;
import java.nio.ByteBuffer;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The channels' allocator in the Wine tests ({@code ChannelOption.ALLOCATOR}): direct buffers live in the
 * region shared with the Wine process, so the Wine kernel reads and writes the very bytes the channel
 * hands it. Releasing a buffer that an operation in flight still points into is reported to
 * {@link WineWin32#checkReleasable}; {@link #live()} counts the buffers not yet released.
 */
final class SharedBufferAllocator extends AbstractByteBufAllocator {
    private final WineWin32 win32;
    private final SharedRegion region;
    private final AtomicInteger live = new AtomicInteger();

    SharedBufferAllocator(WineWin32 win32, SharedRegion region) {
        super(true);
        this.win32 = win32;
        this.region = region;
    }

    /** Direct buffers allocated and not yet released. */
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
        return toLeakAwareBuffer(new Shared(this, initialCapacity, maxCapacity));
    }

    @Override
    public boolean isDirectBufferPooled() {
        return false;
    }

    /** A block of the region for {@code capacity} bytes, given back (and checked) by {@link #release}. */
    private ByteBuffer take(int capacity) {
        return region.view(region.allocate(Math.max(1, capacity)), capacity);
    }

    private void release(ByteBuffer block) {
        long address = PlatformDependent.directBufferAddress(block);
        win32.checkReleasable(address, block.capacity(), "a direct ByteBuf");
        region.free(address);
    }

    /**
     * Netty's unpooled direct buffer over blocks of the region. Netty frees a buffer it allocated itself
     * through {@link CleanableDirectBuffer#clean()}, but leaves the one a constructor was given alone, so that
     * first block is given back here, when the buffer grows away from it or is released.
     */
    private static final class Shared extends UnpooledUnsafeDirectByteBuf {
        private ByteBuffer first;

        Shared(SharedBufferAllocator alloc, int initialCapacity, int maxCapacity) {
            this(alloc, alloc.take(initialCapacity), maxCapacity);
        }

        private Shared(SharedBufferAllocator alloc, ByteBuffer first, int maxCapacity) {
            super(alloc, first, maxCapacity);
            this.first = first;
            clear(); // the wrapping constructor takes the block as full of data; a new buffer is empty
        }

        private SharedBufferAllocator owner() {
            return (SharedBufferAllocator) alloc();
        }

        @Override
        protected CleanableDirectBuffer allocateDirectBuffer(int capacity) {
            ByteBuffer block = owner().take(capacity);
            return new CleanableDirectBuffer() {
                @Override
                public ByteBuffer buffer() {
                    return block;
                }

                @Override
                public void clean() {
                    owner().release(block);
                }
            };
        }

        @Override
        public ByteBuf capacity(int newCapacity) {
            super.capacity(newCapacity);
            releaseFirstIfLeft();
            return this;
        }

        private void releaseFirstIfLeft() {
            if (first != null && PlatformDependent.directBufferAddress(first) != memoryAddress()) {
                owner().release(first);
                first = null;
            }
        }

        @Override
        protected void deallocate() {
            super.deallocate();
            if (first != null) {
                owner().release(first);
                first = null;
            }
            owner().live.decrementAndGet();
        }
    }
}
