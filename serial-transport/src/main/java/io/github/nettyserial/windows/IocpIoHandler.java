package io.github.nettyserial.windows;

import io.netty.channel.IoEvent;
import io.netty.channel.IoHandle;
import io.netty.channel.IoHandler;
import io.netty.channel.IoHandlerContext;
import io.netty.channel.IoHandlerFactory;
import io.netty.channel.IoOps;
import io.netty.channel.IoRegistration;
import io.netty.util.collection.LongObjectHashMap;
import io.netty.util.collection.LongObjectMap;
import io.netty.util.concurrent.ThreadAwareExecutor;
import io.netty.util.internal.PlatformDependent;
import io.netty.util.internal.logging.InternalLogger;
import io.netty.util.internal.logging.InternalLoggerFactory;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * An {@link IoHandler} on a Windows I/O completion port, for the open ports of
 * {@link io.github.nettyserial.SerialChannel}s. Build a group with it like any other handler:
 *
 * <pre>{@code
 * EventLoopGroup group = new MultiThreadIoEventLoopGroup(1, IocpIoHandler.newFactory());
 * }</pre>
 *
 * <p>Each loop owns one completion port and blocks in {@code GetQueuedCompletionStatusEx} (a batch of
 * entries at a time) for as long as the loop's next scheduled task allows. Each packet goes to the handle
 * whose completion key it carries; {@link #wakeup()} posts a packet with key 0, at most one at a time and
 * never from the loop itself.
 *
 * <p>Completion-based I/O means the kernel writes into memory after the call that started it returned.
 * Handles therefore keep their OVERLAPPEDs and buffers until their packets have been dequeued, and a
 * cancelled registration keeps receiving its packets until the handle says none is left. On shutdown every handle is closed and the port drains before it is closed.
 */
public final class IocpIoHandler implements IoHandler {
    private static final InternalLogger logger = InternalLoggerFactory.getInstance(IocpIoHandler.class);

    private static final long WAKEUP_KEY = 0;
    private static final int MAX_ENTRIES = 64;
    private static final long DRAIN_MILLIS = 2000;

    /** The handler of each loop, for {@link WindowsPlatform} to find the loop's Win32 (real or simulated). */
    private static final Map<ThreadAwareExecutor, IocpIoHandler> HANDLERS = new ConcurrentHashMap<>();

    private final Win32 win32;
    private final ThreadAwareExecutor executor;
    private final long port;
    private final long entries;
    private final long removed;
    private final long scratch;
    private final LongObjectMap<Registration> registrations = new LongObjectHashMap<>();
    private final AtomicBoolean wakeupPosted = new AtomicBoolean();
    private final IocpIoEvent event = new IocpIoEvent();
    private long nextKey = WAKEUP_KEY + 1;
    /** Guarded by {@link #wakeupPosted}'s monitor: no wakeup may be posted to a closed port (its value may be reused). */
    private boolean destroyed;

    private IocpIoHandler(Win32 win32, ThreadAwareExecutor executor) {
        this.win32 = win32;
        this.executor = executor;
        long port = win32.CreateIoCompletionPort(Win32.INVALID_HANDLE_VALUE, 0, 0, 1);
        if (port == 0) {
            throw new IllegalStateException("CreateIoCompletionPort failed: "
                    + Win32Errors.describe(win32.getLastError()));
        }
        this.port = port;
        long block = win32.allocate(MAX_ENTRIES * (long) Win32Structs.OVERLAPPED_ENTRY_SIZE + 16);
        this.entries = block;
        this.removed = block + MAX_ENTRIES * (long) Win32Structs.OVERLAPPED_ENTRY_SIZE;
        this.scratch = removed + 8;
        HANDLERS.put(executor, this);
    }

    /**
     * A factory for handlers on the real kernel32.
     *
     * @return the factory
     * @throws UnsupportedOperationException when not on Windows
     */
    public static IoHandlerFactory newFactory() {
        if (!PlatformDependent.isWindows()) {
            throw new UnsupportedOperationException(
                    "IocpIoHandler needs Windows I/O completion ports; on Linux use SerialEventLoopGroup (epoll)");
        }
        return newFactory(JnaWin32.INSTANCE);
    }

    /**
     * A factory for handlers on the given Win32 implementation: the simulated kernel the tests run on, or
     * another binding of kernel32.
     *
     * @param win32 the kernel calls
     * @return the factory
     */
    public static IoHandlerFactory newFactory(Win32 win32) {
        if (win32 == null) {
            throw new NullPointerException("win32");
        }
        return new IoHandlerFactory() {
            @Override
            public IoHandler newHandler(ThreadAwareExecutor executor) {
                return new IocpIoHandler(win32, executor);
            }
        };
    }

    /** The Win32 of the IOCP loop {@code loop}, or {@code null} if it is not one. */
    static Win32 win32Of(java.util.concurrent.Executor loop) {
        IocpIoHandler handler = HANDLERS.get(loop);
        if (handler == null) {
            // A wrapping executor: find the handler whose loop thread is the caller (open runs on the loop).
            Thread current = Thread.currentThread();
            for (IocpIoHandler h : HANDLERS.values()) {
                if (h.executor.isExecutorThread(current)) {
                    handler = h;
                    break;
                }
            }
        }
        return handler == null ? null : handler.win32;
    }

    @Override
    public int run(IoHandlerContext context) {
        int millis = 0;
        if (context.canBlock()) {
            long nanos = context.delayNanos(System.nanoTime());
            millis = (int) Math.min(Integer.MAX_VALUE - 1, TimeUnit.NANOSECONDS.toMillis(nanos + 999_999));
        }
        long start = context.shouldReportActiveIoTime() ? System.nanoTime() : 0;
        int handled = poll(millis);
        if (context.shouldReportActiveIoTime()) {
            context.reportActiveIoTime(handled == 0 ? 0 : System.nanoTime() - start);
        }
        return handled;
    }

    /** Dequeues one batch, waiting up to {@code millis}, and dispatches it. Returns the number of I/O packets. */
    private int poll(int millis) {
        if (!win32.GetQueuedCompletionStatusEx(port, entries, MAX_ENTRIES, removed, millis, false)) {
            int error = win32.getLastError();
            if (error != Win32.WAIT_TIMEOUT) {
                logger.warn("GetQueuedCompletionStatusEx failed: {}", Win32Errors.describe(error));
                // As Netty's own loops do after an unexpected failure: don't spin a core on a broken port.
                try {
                    Thread.sleep(100);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            }
            return 0;
        }
        int count = PlatformDependent.getInt(removed);
        int handled = 0;
        for (int i = 0; i < count; i++) {
            long entry = entries + i * (long) Win32Structs.OVERLAPPED_ENTRY_SIZE;
            long key = PlatformDependent.getLong(entry + Win32Structs.OE_COMPLETION_KEY);
            long overlapped = PlatformDependent.getLong(entry + Win32Structs.OE_OVERLAPPED);
            int bytes = PlatformDependent.getInt(entry + Win32Structs.OE_BYTES);
            if (key == WAKEUP_KEY && overlapped == 0) {
                wakeupPosted.set(false);
                continue;
            }
            Registration registration = registrations.get(key);
            if (registration == null) {
                // Cannot happen while handles drain before they are removed; nothing to free here either.
                logger.warn("completion packet for unknown key {} (OVERLAPPED 0x{}) dropped", key,
                        Long.toHexString(overlapped));
                continue;
            }
            registration.dispatch(overlapped, bytes);
            handled++;
        }
        return handled;
    }

    /** The Win32 error of a completed operation: 0 unless OVERLAPPED.Internal holds a failure status. */
    private int errorOf(long file, long overlapped) {
        // NT_SUCCESS (>= 0 as a signed int) covers STATUS_TIMEOUT (0x102), with which serial.sys completes a
        // read ended by its interval timeout: a success that carries bytes.
        if (overlapped == 0 || (int) PlatformDependent.getLong(overlapped + Win32Structs.OV_INTERNAL) >= 0) {
            return 0;
        }
        // Internal holds an NTSTATUS; GetOverlappedResult translates it to the Win32 code.
        return win32.GetOverlappedResult(file, overlapped, scratch, false) ? 0 : win32.getLastError();
    }

    @Override
    public void wakeup() {
        if (!executor.isExecutorThread(Thread.currentThread()) && wakeupPosted.compareAndSet(false, true)) {
            synchronized (wakeupPosted) {
                if (destroyed) {
                    return;
                }
                if (!win32.PostQueuedCompletionStatus(port, 0, WAKEUP_KEY, 0)) {
                    wakeupPosted.set(false);
                    logger.warn("PostQueuedCompletionStatus (wakeup) failed: {}",
                            Win32Errors.describe(win32.getLastError()));
                }
            }
        }
    }

    @Override
    public IoRegistration register(IoHandle handle) throws Exception {
        IocpIoHandle iocpHandle = cast(handle);
        if (isDestroyed()) {
            throw new IllegalStateException("the IOCP loop is shut down");
        }
        long file = iocpHandle.fileHandle();
        if (file == 0 || file == Win32.INVALID_HANDLE_VALUE) {
            throw new IOException("cannot register a closed handle");
        }
        long key = nextKey++;
        if (win32.CreateIoCompletionPort(file, port, key, 0) == 0) {
            // A HANDLE belongs to one completion port for life: re-registration on another loop ends here.
            throw new IOException("CreateIoCompletionPort (associate) failed: "
                    + Win32Errors.describe(win32.getLastError()));
        }
        Registration registration = new Registration(key, iocpHandle);
        registrations.put(key, registration);
        iocpHandle.registered();
        return registration;
    }

    private static IocpIoHandle cast(IoHandle handle) {
        if (!(handle instanceof IocpIoHandle)) {
            throw new IllegalArgumentException("IoHandle of type " + handle.getClass().getName()
                    + " is not an IocpIoHandle");
        }
        return (IocpIoHandle) handle;
    }

    @Override
    public boolean isCompatible(Class<? extends IoHandle> handleType) {
        return IocpIoHandle.class.isAssignableFrom(handleType);
    }

    @Override
    public void prepareToDestroy() {
        for (Registration registration : new ArrayList<>(registrations.values())) {
            try {
                registration.handle.close();
            } catch (Exception e) {
                logger.debug("closing {} on shutdown failed", registration.handle, e);
            }
        }
    }

    @Override
    public void destroy() {
        prepareToDestroy();
        // The kernel may still write into the handles' memory until their packets are dequeued.
        long deadline = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(DRAIN_MILLIS);
        while (anyPending() && System.nanoTime() - deadline < 0) {
            poll(10);
        }
        List<Registration> left = new ArrayList<>(registrations.values());
        boolean leak = false;
        for (Registration registration : left) {
            if (registration.handle.hasPendingIo()) {
                leak = true;
                logger.warn("{} still has I/O in flight after {} ms; its memory is leaked, not freed under the kernel",
                        registration.handle, DRAIN_MILLIS);
            }
            registration.remove();
        }
        synchronized (wakeupPosted) {
            destroyed = true;
            win32.CloseHandle(port);
        }
        HANDLERS.remove(executor, this);
        if (!leak) {
            win32.free(entries);
        }
    }

    private boolean isDestroyed() {
        synchronized (wakeupPosted) {
            return destroyed;
        }
    }

    private boolean anyPending() {
        for (Registration registration : registrations.values()) {
            if (registration.handle.hasPendingIo()) {
                return true;
            }
        }
        return false;
    }

    private final class Registration implements IoRegistration {
        private final long key;
        private final IocpIoHandle handle;
        private final AtomicBoolean cancelled = new AtomicBoolean();
        private boolean removed;

        Registration(long key, IocpIoHandle handle) {
            this.key = key;
            this.handle = handle;
        }

        void dispatch(long overlapped, int bytes) {
            event.set(overlapped, bytes, errorOf(handle.fileHandle(), overlapped));
            try {
                handle.handle(this, event);
            } catch (Throwable t) {
                logger.warn("{} failed to handle {}", handle, event, t);
            }
            if (cancelled.get() && !handle.hasPendingIo()) {
                remove();
            }
        }

        @SuppressWarnings("unchecked")
        @Override
        public <T> T attachment() {
            return (T) IocpIoHandler.this;
        }

        @Override
        public long submit(IoOps ops) {
            throw new UnsupportedOperationException("an IocpIoHandle issues its own overlapped calls");
        }

        @Override
        public boolean isValid() {
            return !cancelled.get();
        }

        @Override
        public boolean cancel() {
            if (!cancelled.compareAndSet(false, true)) {
                return false;
            }
            if (executor.isExecutorThread(Thread.currentThread())) {
                cancelOnLoop();
            } else {
                executor.execute(this::cancelOnLoop);
            }
            return true;
        }

        private void cancelOnLoop() {
            // Packets still to come keep the key routed; the last one removes it (see dispatch).
            if (!handle.hasPendingIo()) {
                remove();
            }
        }

        void remove() {
            if (removed) {
                return;
            }
            removed = true;
            registrations.remove(key);
            handle.unregistered();
        }
    }
}
