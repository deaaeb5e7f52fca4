package io.github.nettyserial.windows;

import io.netty.util.internal.PlatformDependent;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.MappedByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.HashMap;
import java.util.Map;
import java.util.TreeMap;

/**
 * A file mapped into this JVM and into the Wine helper process, from which every piece of memory the Win32
 * kernel may touch is carved: OVERLAPPEDs, event masks, DCB/COMMTIMEOUTS/COMSTAT scratch, and the bytes of
 * reads and writes. The two processes map it at different addresses; {@link #toWine} and {@link #toJvm}
 * translate by offset. Allocation is first fit over 16-byte aligned blocks, neighbours merged on free.
 */
final class SharedRegion {
    private static final int ALIGN = 16;

    private final MappedByteBuffer map;
    private final long base;
    private final long size;
    private volatile long wineBase;
    /** Free blocks: offset to length. */
    private final TreeMap<Long, Long> free = new TreeMap<>();
    /** Blocks handed out: offset to length. */
    private final Map<Long, Long> used = new HashMap<>();

    SharedRegion(Path file, long size) throws IOException {
        try (FileChannel ch = FileChannel.open(file, StandardOpenOption.CREATE_NEW, StandardOpenOption.READ,
                StandardOpenOption.WRITE)) {
            ch.truncate(size);
            // A sparse file on tmpfs: pages cost memory only once touched.
            map = ch.map(FileChannel.MapMode.READ_WRITE, 0, size);
        }
        this.base = PlatformDependent.directBufferAddress(map);
        this.size = size;
        free.put(0L, size);
    }

    void wineBase(long address) {
        wineBase = address;
    }

    long size() {
        return size;
    }

    /** Whether {@code [address, address+length)} lies inside this JVM's mapping. */
    boolean contains(long address, long length) {
        return address >= base && length >= 0 && address + length <= base + size;
    }

    long toWine(long jvmAddress) {
        return jvmAddress - base + wineBase;
    }

    /** The JVM address of a Wine address inside the region, or {@code address} itself if it is outside. */
    long toJvm(long wineAddress) {
        return wineAddress >= wineBase && wineAddress < wineBase + size ? wineAddress - wineBase + base : wineAddress;
    }

    /** A block of at least {@code length} bytes; its JVM address. */
    synchronized long allocate(long size) {
        long want = Math.max(ALIGN, (size + ALIGN - 1) & -ALIGN);
        for (Map.Entry<Long, Long> e : free.entrySet()) {
            // Read both before the removal: TreeMap may move another block's key and value into this entry.
            long offset = e.getKey();
            long length = e.getValue();
            if (length >= want) {
                free.remove(offset);
                if (length > want) {
                    free.put(offset + want, length - want);
                }
                used.put(offset, want);
                return base + offset;
            }
        }
        throw new OutOfMemoryError("the " + (this.size >> 20) + " MiB region shared with Wine is full (asked for "
                + size + " bytes)");
    }

    /** Gives back a block from {@link #allocate}; returns its length. */
    synchronized long free(long address) {
        long offset = address - base;
        Long length = used.remove(offset);
        if (length == null) {
            throw new IllegalArgumentException("0x" + Long.toHexString(address) + " is not a block of the shared region");
        }
        long start = offset;
        long len = length;
        Map.Entry<Long, Long> before = free.floorEntry(offset);
        if (before != null && before.getKey() + before.getValue() == offset) {
            start = before.getKey();
            len += before.getValue();
            free.remove(before.getKey());
        }
        Long after = free.remove(offset + length);
        if (after != null) {
            len += after;
        }
        free.put(start, len);
        return length;
    }

    /** A ByteBuffer over the block at {@code address} (from {@link #allocate}), {@code length} bytes long. */
    ByteBuffer view(long address, int length) {
        return map.slice((int) (address - base), length);
    }
}
