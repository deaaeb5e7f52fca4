package io.github.nettyserial.windows;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.nettyserial.SerialChannel;
import io.github.nettyserial.windows.sim.SimKernel;
import io.netty.channel.Channel;
import io.netty.channel.ChannelFuture;
import io.netty.channel.EventLoop;
import io.netty.channel.IoEvent;
import io.netty.channel.IoEventLoop;
import io.netty.channel.IoHandle;
import io.netty.channel.IoRegistration;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

/** The IoHandler itself: waking the loop, many handles on one port, foreign handles, shutdown. */
class IocpIoHandlerTest extends SimulatedPorts {

    @Override
    SimKernel newKernel() {
        SimKernel k = new SimKernel();
        for (int i = 0; i < 8; i++) {
            k.createPair("COM" + (20 + 2 * i), "COM" + (21 + 2 * i));
        }
        return k;
    }

    @Test
    void tasksFromOtherThreadsWakeABlockedLoop() throws Exception {
        EventLoop loop = group.next();
        // Nothing due for a minute: the loop blocks in GetQueuedCompletionStatusEx for up to 60 s, so only
        // a wakeup packet can get these tasks run within the test's timeout.
        loop.schedule(() -> { }, 60, TimeUnit.SECONDS);
        loop.submit(() -> { }).sync();
        int threads = 8;
        int tasksEach = 500;
        CountDownLatch ran = new CountDownLatch(threads * tasksEach);
        List<Thread> submitters = new ArrayList<>();
        for (int t = 0; t < threads; t++) {
            Thread thread = new Thread(() -> {
                for (int i = 0; i < tasksEach; i++) {
                    loop.execute(ran::countDown);
                }
            });
            submitters.add(thread);
            thread.start();
        }
        for (Thread thread : submitters) {
            thread.join();
        }
        assertTrue(ran.await(TIMEOUT_SECONDS, TimeUnit.SECONDS), "every task ran: " + ran.getCount() + " left");
    }

    @Test
    void wakeupsAreDebouncedWhileOneIsQueued() throws Exception {
        EventLoop loop = group.next();
        CountDownLatch blocking = new CountDownLatch(1);
        CountDownLatch release = new CountDownLatch(1);
        loop.execute(() -> {
            blocking.countDown();
            try {
                release.await();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        });
        assertTrue(blocking.await(TIMEOUT_SECONDS, TimeUnit.SECONDS));
        // The loop is busy in a task, not dequeuing: 4000 tasks from 8 threads post at most one packet.
        long before = kernel.packetCounts()[0];
        CountDownLatch ran = new CountDownLatch(4000);
        List<Thread> submitters = new ArrayList<>();
        for (int t = 0; t < 8; t++) {
            Thread thread = new Thread(() -> {
                for (int i = 0; i < 500; i++) {
                    loop.execute(ran::countDown);
                }
            });
            submitters.add(thread);
            thread.start();
        }
        for (Thread thread : submitters) {
            thread.join();
        }
        long posted = kernel.packetCounts()[0] - before;
        release.countDown();
        assertTrue(posted <= 1, posted + " wakeup packets for 4000 tasks");
        assertTrue(ran.await(TIMEOUT_SECONDS, TimeUnit.SECONDS));
    }

    @Test
    void theLoopDoesNotWakeItself() throws Exception {
        EventLoop loop = group.next();
        // Counted per posting thread: the test thread's own wakeup for submit() may land at any moment.
        long posted = loop.submit(() -> {
            for (int i = 0; i < 100; i++) {
                loop.execute(() -> { });
            }
            return kernel.postsFrom(Thread.currentThread());
        }).get(TIMEOUT_SECONDS, TimeUnit.SECONDS);
        assertEquals(0, posted, "no wakeup packet from the loop thread");
    }

    @Test
    void manyChannelsShareOneLoop() throws Exception {
        int pairs = 8;
        List<SerialChannel> senders = new ArrayList<>();
        List<Collector> collectors = new ArrayList<>();
        List<byte[]> payloads = new ArrayList<>();
        Random random = new Random(3);
        for (int i = 0; i < pairs; i++) {
            Collector c = new Collector();
            collectors.add(c);
            open("COM" + (21 + 2 * i), c);
            senders.add(open("COM" + (20 + 2 * i)));
            byte[] data = new byte[16 * 1024 + i];
            random.nextBytes(data);
            payloads.add(data);
        }
        EventLoop loop = senders.get(0).eventLoop();
        for (SerialChannel ch : senders) {
            assertEquals(loop, ch.eventLoop(), "one loop thread serves every port");
        }
        List<ChannelFuture> writes = new ArrayList<>();
        for (int i = 0; i < pairs; i++) {
            SerialChannel ch = senders.get(i);
            writes.add(ch.writeAndFlush(ch.alloc().directBuffer().writeBytes(payloads.get(i))));
        }
        for (int i = 0; i < pairs; i++) {
            assertArrayEquals(payloads.get(i), collectors.get(i).await(payloads.get(i).length), "pair " + i);
            assertTrue(writes.get(i).await(TIMEOUT_SECONDS, TimeUnit.SECONDS) && writes.get(i).isSuccess());
        }
        // Close half of them while the others keep going.
        for (int i = 0; i < pairs; i += 2) {
            senders.get(i).close().sync();
        }
        for (int i = 1; i < pairs; i += 2) {
            SerialChannel ch = senders.get(i);
            ch.writeAndFlush(ch.alloc().directBuffer().writeBytes(new byte[] {1, 2, 3})).sync();
            collectors.get(i).await(payloads.get(i).length + 3);
        }
    }

    @Test
    void foreignHandlesAreRefused() {
        IoEventLoop loop = (IoEventLoop) group.next();
        IoHandle foreign = new IoHandle() {
            @Override
            public void handle(IoRegistration registration, IoEvent ioEvent) {
            }

            @Override
            public void close() {
            }
        };
        ExecutionException e = assertThrows(ExecutionException.class,
                () -> loop.register(foreign).get(TIMEOUT_SECONDS, TimeUnit.SECONDS));
        assertTrue(e.getCause() instanceof IllegalArgumentException, String.valueOf(e.getCause()));
        assertTrue(loop.isCompatible(IocpIoHandle.class));
    }

    /** A bare handle with one read, to watch the registration from the outside. */
    static final class OneRead implements IocpIoHandle {
        final long file;
        volatile boolean pending;
        volatile int unregistered;
        volatile int lastError = -1;

        OneRead(long file) {
            this.file = file;
        }

        @Override
        public long fileHandle() {
            return file;
        }

        @Override
        public boolean hasPendingIo() {
            return pending;
        }

        @Override
        public void handle(IoRegistration registration, IoEvent event) {
            lastError = ((IocpIoEvent) event).error();
            pending = false;
        }

        @Override
        public void unregistered() {
            unregistered++;
        }

        @Override
        public void close() {
        }
    }

    @Test
    void aCancelledRegistrationGetsItsLastPacketsBeforeItIsUnregistered() throws Exception {
        IoEventLoop loop = (IoEventLoop) group.next();
        long file = kernel.CreateFileW("\\\\.\\COM20", Win32.GENERIC_READ | Win32.GENERIC_WRITE, 0, 0,
                Win32.OPEN_EXISTING, Win32.FILE_FLAG_OVERLAPPED, 0);
        long mem = kernel.allocate(128);
        io.netty.util.internal.PlatformDependent.setMemory(mem, 128, (byte) 0);
        io.netty.util.internal.PlatformDependent.putInt(mem + 64, 1);
        assertTrue(kernel.SetCommTimeouts(file, mem + 64));
        OneRead handle = new OneRead(file);
        IoRegistration registration = loop.register(handle).get(TIMEOUT_SECONDS, TimeUnit.SECONDS);
        loop.submit(() -> {
            handle.pending = true;
            kernel.ReadFile(file, mem + 64, 16, 0, mem);
        }).sync();
        assertTrue(registration.cancel());
        assertTrue(!registration.isValid());
        assertEquals(0, loop.submit(() -> handle.unregistered).get(), "not while its read is in flight");
        loop.submit(() -> kernel.CancelIoEx(file, mem)).sync();
        await(() -> handle.unregistered == 1, "unregistered after the last packet");
        assertEquals(Win32.ERROR_OPERATION_ABORTED, handle.lastError, "the cancelled read's packet still came");
        loop.submit(() -> {
            kernel.CloseHandle(file);
            kernel.free(mem);
        }).sync();
        assertEquals(1, handle.unregistered);
    }

    @Test
    void shutdownClosesOpenChannelsAndDrainsTheirOperations() throws Exception {
        Collector a = new Collector();
        Channel chA = open("COM20", a);
        open("COM21", opts(io.netty.channel.ChannelOption.AUTO_READ, false));
        chA.writeAndFlush(chA.alloc().directBuffer(32 * 1024).writeZero(32 * 1024));
        await(() -> kernel.device("COM21").rxQueued() == 4096, "a write stuck in flight");
        AtomicLong live = new AtomicLong(kernel.liveOperations());
        assertTrue(live.get() >= 3);
        group.shutdownGracefully(0, 5, TimeUnit.SECONDS).sync();
        a.awaitInactive();
        assertEquals(0, kernel.liveOperations(), "every packet dequeued before the port closed");
        // The base class checks: no handle open, no memory, no buffer, no misuse.
    }
}
