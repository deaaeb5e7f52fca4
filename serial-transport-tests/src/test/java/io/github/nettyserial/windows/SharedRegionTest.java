package io.github.nettyserial.windows;

import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The shared region's allocator: blocks never overlap, whatever the order of allocations and frees. */
class SharedRegionTest {

    @Test
    void blocksNeverOverlapAndAllComesBack(@TempDir Path dir) throws Exception {
        SharedRegion region = new SharedRegion(dir.resolve("region"), 1 << 20);
        Random random = new Random(3);
        TreeMap<Long, Long> live = new TreeMap<>();
        List<Long> order = new ArrayList<>();
        for (int i = 0; i < 20_000; i++) {
            if (!order.isEmpty() && (random.nextInt(3) == 0 || live.size() > 200)) {
                long a = order.remove(random.nextInt(order.size()));
                long size = live.remove(a);
                assertTrue(region.free(a) >= size, "a block is at least as long as asked");
                continue;
            }
            long size = 1 + random.nextInt(4096);
            long a = region.allocate(size);
            assertTrue(region.contains(a, size));
            var below = live.floorEntry(a);
            var above = live.ceilingEntry(a);
            assertTrue(below == null || below.getKey() + below.getValue() <= a, "overlaps the block below");
            assertTrue(above == null || a + size <= above.getKey(), "overlaps the block above");
            live.put(a, size);
            order.add(a);
        }
        for (long a : order) {
            region.free(a);
        }
        // Everything merged back into one block: the whole region can be had again.
        long all = region.allocate(1 << 20);
        assertTrue(region.contains(all, 1 << 20));
    }
}
