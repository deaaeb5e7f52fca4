package io.github.nettyserial.windows.sim;

import io.github.nettyserial.windows.Win32;
import io.netty.util.internal.PlatformDependent;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;

/**
 * A simulated Win32 kernel behind the backend's {@link Win32} interface, faithful to what the research
 * notes measured on Windows and Wine where a serial backend cares:
 * <ul>
 *   <li>completion ports: every overlapped operation on an associated handle queues a packet, also when the
 *       call succeeded at once; only a synchronous failure queues none; GetQueuedCompletionStatusEx fills
 *       OVERLAPPED_ENTRYs and fails with WAIT_TIMEOUT when nothing came;</li>
 *   <li>reads take bytes into the caller's buffer as they arrive and complete per COMMTIMEOUTS: (1,0,0)
 *       after the first byte and a quiet interval, (MAXDWORD,0,0) at once, (0,0,0) when full, total
 *       timeouts by timer; writes move bytes from the caller's buffer to the peer as its queue has room;</li>
 *   <li>a read ended by its interval or total timeout completes with STATUS_TIMEOUT (0x102), a success
 *       status, as serial.sys does; a device can be told to complete every read empty at once;</li>
 *   <li>CancelIoEx only requests cancellation: it returns first, and the packet (STATUS_CANCELLED, 995,
 *       carrying the bytes already transferred) comes later from another thread; it fails with
 *       ERROR_NOT_FOUND (1168) when nothing matches, also CancelIoEx(h, NULL) with nothing pending;
 *       CloseHandle with I/O pending cancels it the same way; SetCommMask completes a pending WaitCommEvent
 *       with 0;</li>
 *   <li>EV_ERR for framing, overrun and parity errors only; a break raises EV_BREAK;</li>
 *   <li>unplug completes what is in flight with the chosen error and fails later calls; or, as some drivers
 *       do after a yank, never completes it at all (cancel and close included);</li>
 *   <li>handles are 64-bit values above 2^32, so a truncated HANDLE is caught at once.</li>
 * </ul>
 * It also polices the caller: an OVERLAPPED or buffer reused while its operation is in flight, memory freed
 * while the kernel may still write it — each is recorded as a violation, and {@link #assertClean()} fails
 * the test. It counts CreateFileW and ReadFile calls, GetQueuedCompletionStatusEx calls that waited and
 * timed out, and WaitCommEvent completions, for tests that prove what did or did not happen.
 */
public final class SimKernel implements Win32 {
    // NTSTATUS values found in OVERLAPPED.Internal, and PurgeComm flags the backend never uses.
    static final int STATUS_SUCCESS = 0;
    static final int STATUS_TIMEOUT = 0x102;
    static final int STATUS_PENDING = 0x103;
    static final int STATUS_CANCELLED = 0xC0000120;
    static final int PURGE_TXABORT = 0x1;
    static final int PURGE_RXABORT = 0x2;
    private static final int ERROR_IO_INCOMPLETE = 996;
    private static final long MAXDWORD = 0xFFFFFFFFL;
    private static final int LONG_WAIT_MILLIS = 500;

    final Object lock = new Object();
    private final Map<Long, Object> handles = new HashMap<>();
    private final Map<String, SimDevice> devices = new HashMap<>();
    private final Map<Long, Long> allocations = new HashMap<>();
    /** Operations issued and not yet dequeued: their OVERLAPPED and buffer belong to the kernel. */
    private final List<Op> live = new ArrayList<>();
    private final List<String> violations = new ArrayList<>();
    private final ThreadLocal<int[]> lastError = ThreadLocal.withInitial(() -> new int[1]);
    private final ScheduledExecutorService timers = Executors.newSingleThreadScheduledExecutor(r -> {
        Thread t = new Thread(r, "sim-kernel-timers");
        t.setDaemon(true);
        return t;
    });
    private long nextHandle = 0x7FFE_0000_1000L;
    private long packetsQueued;
    private long packetsDequeued;
    private long createFileCalls;
    private long readFileCalls;
    private long waitsTimedOut;
    private long longWaits;
    private long modemWaitCompletions;
    private List<Runnable> heldCancels;
    private final Map<Thread, Long> postsByThread = new HashMap<>();
    private final int rxQueueBytes;

    /** A kernel whose ports have 4 KiB receive queues (Wine's figure). */
    public SimKernel() {
        this(4096);
    }

    /** @param rxQueueBytes the size of each port's receive queue */
    public SimKernel(int rxQueueBytes) {
        this.rxQueueBytes = rxQueueBytes;
    }

    // ---- devices ----

    /** Adds two ports wired to each other as a null-modem pair (com0com style). */
    public SimDevice[] createPair(String a, String b) {
        synchronized (lock) {
            SimDevice da = new SimDevice(this, a, rxQueueBytes);
            SimDevice db = new SimDevice(this, b, rxQueueBytes);
            da.peer = db;
            db.peer = da;
            devices.put(a.toUpperCase(), da);
            devices.put(b.toUpperCase(), db);
            return new SimDevice[] {da, db};
        }
    }

    /** The port named {@code name}. */
    public SimDevice device(String name) {
        synchronized (lock) {
            return devices.get(name.toUpperCase());
        }
    }

    // ---- policing ----

    void violation(String what) {
        violations.add(what);
        System.err.println("SIM KERNEL VIOLATION: " + what);
    }

    /** Fails if the caller misused the kernel at any point. */
    public void assertClean() {
        synchronized (lock) {
            if (!violations.isEmpty()) {
                throw new AssertionError("Win32 misuse: " + violations);
            }
        }
    }

    /** Operations whose packet has not been dequeued yet. */
    public int liveOperations() {
        synchronized (lock) {
            return live.size();
        }
    }

    /** Bytes of native memory allocated through {@link #allocate} and not freed. */
    public long allocatedBytes() {
        synchronized (lock) {
            long sum = 0;
            for (long size : allocations.values()) {
                sum += size;
            }
            return sum;
        }
    }

    /** PostQueuedCompletionStatus calls made by {@code thread}. */
    public long postsFrom(Thread thread) {
        synchronized (lock) {
            return postsByThread.getOrDefault(thread, 0L);
        }
    }

    /** CreateFileW calls so far, failed ones included. */
    public long createFileCalls() {
        synchronized (lock) {
            return createFileCalls;
        }
    }

    /** ReadFile calls so far. */
    public long readFileCalls() {
        synchronized (lock) {
            return readFileCalls;
        }
    }

    /** GetQueuedCompletionStatusEx calls that waited (timeout above 0) and timed out with no packet. */
    public long waitsTimedOut() {
        synchronized (lock) {
            return waitsTimedOut;
        }
    }

    /**
     * GetQueuedCompletionStatusEx calls allowed to block for {@code millis} or more: a loop with a periodic
     * timer of a shorter period never makes one.
     */
    public long waitsOfAtLeast(int millis) {
        synchronized (lock) {
            return millis <= LONG_WAIT_MILLIS ? longWaits : 0;
        }
    }

    /** WaitCommEvent operations completed with a modem-line event (EV_CTS, EV_DSR, EV_RING, EV_RLSD). */
    public long modemWaitCompletions() {
        synchronized (lock) {
            return modemWaitCompletions;
        }
    }

    /** Open file and port handles. */
    public int openHandles() {
        synchronized (lock) {
            return handles.size();
        }
    }

    /** Completion packets queued and dequeued so far. */
    public long[] packetCounts() {
        synchronized (lock) {
            return new long[] {packetsQueued, packetsDequeued};
        }
    }

    /**
     * Called when a buffer at {@code [address, address+length)} is given back to its allocator: a violation
     * if an operation in flight still points into it.
     */
    public void checkReleasable(long address, long length, String what) {
        synchronized (lock) {
            for (Op op : live) {
                if (overlaps(op.buffer, op.length, address, length) || overlaps(op.overlapped, 32, address, length)) {
                    violation(what + " released at 0x" + Long.toHexString(address) + " while " + op + " is in flight");
                }
            }
        }
    }

    private static boolean overlaps(long a, long aLen, long b, long bLen) {
        return a != 0 && aLen > 0 && a < b + bLen && b < a + aLen;
    }

    private void checkNotLive(long overlapped, long buffer, long length, String call) {
        if (PlatformDependent.getLong(overlapped + 24) != 0) {
            violation(call + ": OVERLAPPED.hEvent is not NULL");
        }
        for (Op op : live) {
            if (op.overlapped == overlapped) {
                violation(call + " reuses the OVERLAPPED of " + op + " before its packet was dequeued");
            } else if (overlaps(op.buffer, op.length, buffer, length)) {
                violation(call + " uses a buffer that " + op + " still owns");
            }
        }
    }

    // ---- handles ----

    private long newHandle(Object o) {
        long h = nextHandle;
        nextHandle += 4;
        handles.put(h, o);
        return h;
    }

    private SimFile file(long h) {
        Object o = handles.get(h);
        if (o instanceof SimFile) {
            return (SimFile) o;
        }
        if ((h & 0xFFFF_FFFFL) == h && h != 0) {
            violation("a HANDLE with the top 32 bits cut off: 0x" + Long.toHexString(h));
        }
        return null;
    }

    private boolean fail(int error) {
        lastError.get()[0] = error;
        return false;
    }

    private boolean ok() {
        lastError.get()[0] = 0;
        return true;
    }

    /** Returns the open file for {@code h} or sets the error and returns null (invalid or unplugged). */
    private SimFile usable(long h) {
        SimFile f = file(h);
        if (f == null) {
            fail(ERROR_INVALID_HANDLE);
            return null;
        }
        if (f.device.unplugged) {
            fail(f.device.unpluggedError);
            return null;
        }
        return f;
    }

    @Override
    public int getLastError() {
        return lastError.get()[0];
    }

    @Override
    public long CreateFileW(String fileName, int desiredAccess, int shareMode, long securityAttributes,
                            int creationDisposition, int flagsAndAttributes, long templateFile) {
        synchronized (lock) {
            createFileCalls++;
            boolean prefixed = fileName.startsWith("\\\\.\\");
            String name = prefixed ? fileName.substring(4) : fileName;
            if (!prefixed && name.toUpperCase().matches("COM[0-9]{2,}")) {
                // Only COM1..COM9 are DOS device names; COM10 and up need the \\.\ prefix.
                fail(ERROR_FILE_NOT_FOUND);
                return INVALID_HANDLE_VALUE;
            }
            SimDevice d = devices.get(name.toUpperCase());
            if (d == null || d.unplugged) {
                fail(ERROR_FILE_NOT_FOUND);
                return INVALID_HANDLE_VALUE;
            }
            if (d.openFile != null || shareMode != 0) {
                fail(shareMode != 0 ? ERROR_SHARING_VIOLATION : ERROR_ACCESS_DENIED);
                return INVALID_HANDLE_VALUE;
            }
            SimFile f = new SimFile(d, (flagsAndAttributes & FILE_FLAG_OVERLAPPED) != 0);
            d.openFile = f;
            f.handle = newHandle(f);
            ok();
            return f.handle;
        }
    }

    @Override
    public boolean CloseHandle(long handle) {
        synchronized (lock) {
            Object o = handles.remove(handle);
            if (o == null) {
                return fail(ERROR_INVALID_HANDLE);
            }
            if (o instanceof SimFile) {
                SimFile f = (SimFile) o;
                // The I/O manager cancels what is still pending; the packets still come to the port.
                for (Op op : new ArrayList<>(f.pending)) {
                    requestCancel(op);
                }
                if (f.device.openFile == f) {
                    f.device.openFile = null;
                }
                f.closed = true;
            } else if (o instanceof SimPort) {
                ((SimPort) o).closed = true;
            }
            return ok();
        }
    }

    // ---- completion ports ----

    @Override
    public long CreateIoCompletionPort(long file, long existingPort, long completionKey, int concurrentThreads) {
        synchronized (lock) {
            if (file == INVALID_HANDLE_VALUE) {
                ok();
                return newHandle(new SimPort());
            }
            SimFile f = file(file);
            Object p = handles.get(existingPort);
            if (f == null || !(p instanceof SimPort)) {
                fail(ERROR_INVALID_HANDLE);
                return 0;
            }
            if (f.port != null || !f.overlapped) {
                fail(ERROR_INVALID_PARAMETER);
                return 0;
            }
            f.port = (SimPort) p;
            f.key = completionKey;
            ok();
            return existingPort;
        }
    }

    @Override
    public boolean GetQueuedCompletionStatusEx(long port, long entries, int count, long removed, int millis,
                                               boolean alertable) {
        synchronized (lock) {
            Object o = handles.get(port);
            if (!(o instanceof SimPort)) {
                return fail(ERROR_INVALID_HANDLE);
            }
            SimPort p = (SimPort) o;
            if (millis >= LONG_WAIT_MILLIS) {
                longWaits++;
            }
            long deadline = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(millis);
            while (p.queue.isEmpty()) {
                long left = deadline - System.nanoTime();
                if (millis == 0 || left <= 0) {
                    if (millis != 0) {
                        waitsTimedOut++;
                    }
                    return fail(WAIT_TIMEOUT);
                }
                try {
                    lock.wait(Math.max(1, TimeUnit.NANOSECONDS.toMillis(left)));
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    return fail(WAIT_TIMEOUT);
                }
            }
            int n = 0;
            while (n < count && !p.queue.isEmpty()) {
                Packet packet = p.queue.poll();
                long e = entries + n * 32L;
                PlatformDependent.putLong(e, packet.key);
                PlatformDependent.putLong(e + 8, packet.overlapped);
                PlatformDependent.putLong(e + 16, packet.op == null ? 0 : packet.op.status & 0xFFFFFFFFL);
                PlatformDependent.putInt(e + 24, packet.bytes);
                PlatformDependent.putInt(e + 28, 0);
                if (packet.op != null) {
                    live.remove(packet.op);
                }
                packetsDequeued++;
                n++;
            }
            PlatformDependent.putInt(removed, n);
            return ok();
        }
    }

    @Override
    public boolean PostQueuedCompletionStatus(long port, int bytes, long completionKey, long overlapped) {
        synchronized (lock) {
            Object o = handles.get(port);
            if (!(o instanceof SimPort)) {
                // On Windows the value may already name another object: posting there is a bug.
                violation("PostQueuedCompletionStatus to 0x" + Long.toHexString(port) + ", not an open completion port");
                return fail(ERROR_INVALID_HANDLE);
            }
            enqueue((SimPort) o, new Packet(completionKey, overlapped, bytes, null));
            postsByThread.merge(Thread.currentThread(), 1L, Long::sum);
            return ok();
        }
    }

    private void enqueue(SimPort port, Packet packet) {
        port.queue.add(packet);
        packetsQueued++;
        lock.notifyAll();
    }

    /** Finishes {@code op}: writes the OVERLAPPED as the kernel does and queues its packet. */
    private void complete(Op op, int status) {
        if (op.done) {
            return;
        }
        op.done = true;
        op.status = status;
        if (op.timer != null) {
            op.timer.cancel(false);
        }
        op.file.pending.remove(op);
        if (op.kind == Kind.WAIT) {
            PlatformDependent.putInt(op.buffer, op.events);
            if ((op.events & (EV_CTS | EV_DSR | EV_RING | EV_RLSD)) != 0) {
                modemWaitCompletions++;
            }
        }
        PlatformDependent.putLong(op.overlapped, status & 0xFFFFFFFFL);
        PlatformDependent.putLong(op.overlapped + 8, op.transferred);
        if (op.file.port == null) {
            violation(op + " completed on a handle not associated with a completion port");
            live.remove(op);
            return;
        }
        enqueue(op.file.port, new Packet(op.file.key, op.overlapped, op.transferred, op));
    }

    // ---- overlapped I/O ----

    private boolean startOp(SimFile f, Op op, String call) {
        if (!f.overlapped || op.overlapped == 0) {
            violation(call + " without an OVERLAPPED on an overlapped handle");
            return fail(ERROR_INVALID_PARAMETER);
        }
        checkNotLive(op.overlapped, op.kind == Kind.WAIT ? 0 : op.buffer, op.length, call);
        PlatformDependent.putLong(op.overlapped, STATUS_PENDING);
        PlatformDependent.putLong(op.overlapped + 8, 0);
        live.add(op);
        f.pending.add(op);
        return true;
    }

    /** The end of an overlapped call: TRUE if the operation already finished (its packet is queued anyway). */
    private boolean pendingOrDone(Op op, long transferredOut) {
        if (op.done) {
            if (transferredOut != 0) {
                PlatformDependent.putInt(transferredOut, op.transferred);
            }
            return ok();
        }
        return fail(ERROR_IO_PENDING);
    }

    @Override
    public boolean ReadFile(long file, long buffer, int length, long bytesRead, long overlapped) {
        synchronized (lock) {
            readFileCalls++;
            SimFile f = usable(file);
            if (f == null) {
                return false;
            }
            Op op = new Op(Kind.READ, f, overlapped, buffer, length);
            if (!startOp(f, op, "ReadFile")) {
                return false;
            }
            serviceReads(f.device);
            return pendingOrDone(op, bytesRead);
        }
    }

    @Override
    public boolean WriteFile(long file, long buffer, int length, long bytesWritten, long overlapped) {
        synchronized (lock) {
            SimFile f = usable(file);
            if (f == null) {
                return false;
            }
            Op op = new Op(Kind.WRITE, f, overlapped, buffer, length);
            if (!startOp(f, op, "WriteFile")) {
                return false;
            }
            pumpWrites(f.device);
            return pendingOrDone(op, bytesWritten);
        }
    }

    @Override
    public boolean WaitCommEvent(long file, long eventMask, long overlapped) {
        synchronized (lock) {
            SimFile f = usable(file);
            if (f == null) {
                return false;
            }
            for (Op op : f.pending) {
                if (op.kind == Kind.WAIT) {
                    return fail(ERROR_INVALID_PARAMETER); // only one WaitCommEvent at a time
                }
            }
            if (f.mask == 0) {
                return fail(ERROR_INVALID_PARAMETER);
            }
            Op op = new Op(Kind.WAIT, f, overlapped, eventMask, 4);
            if (!startOp(f, op, "WaitCommEvent")) {
                return false;
            }
            if ((f.history & f.mask) != 0) {
                op.events = f.history & f.mask;
                f.history = 0;
                complete(op, STATUS_SUCCESS);
            }
            return pendingOrDone(op, 0);
        }
    }

    @Override
    public boolean CancelIoEx(long file, long overlapped) {
        synchronized (lock) {
            SimFile f = file(file);
            if (f == null) {
                return fail(ERROR_INVALID_HANDLE);
            }
            boolean found = false;
            for (Op op : new ArrayList<>(f.pending)) {
                if (overlapped == 0 || op.overlapped == overlapped) {
                    found = true;
                    if (!(op.kind == Kind.WAIT && f.device.waitIgnoresCancel)) {
                        requestCancel(op);
                    }
                }
            }
            return found ? ok() : fail(ERROR_NOT_FOUND);
        }
    }

    /**
     * Cancellation is asynchronous: the driver completes the IRP later, on another thread, so the caller
     * cannot count on the packet being there when CancelIoEx or CloseHandle returns. A hung driver (yanked,
     * never completing) ignores it.
     */
    private void requestCancel(Op op) {
        if (op.done || op.file.device.hung) {
            return;
        }
        Runnable cancel = () -> {
            synchronized (lock) {
                complete(op, STATUS_CANCELLED);
            }
        };
        if (heldCancels != null) {
            heldCancels.add(cancel);
        } else {
            timers.execute(cancel);
        }
    }

    /** Holds the driver's side of every cancellation until {@link #releaseCancellations()}: shows a caller that assumes the packet is there. */
    public void holdCancellations() {
        synchronized (lock) {
            if (heldCancels == null) {
                heldCancels = new ArrayList<>();
            }
        }
    }

    /** Lets the held cancellations complete (on another thread, as ever). */
    public void releaseCancellations() {
        synchronized (lock) {
            List<Runnable> held = heldCancels;
            heldCancels = null;
            if (held != null) {
                held.forEach(timers::execute);
            }
        }
    }

    @Override
    public boolean GetOverlappedResult(long file, long overlapped, long bytesTransferred, boolean wait) {
        synchronized (lock) {
            if (wait) {
                violation("GetOverlappedResult(wait=TRUE) on an event-less OVERLAPPED blocks on the file handle");
            }
            int status = (int) PlatformDependent.getLong(overlapped);
            int bytes = (int) PlatformDependent.getLong(overlapped + 8);
            if (bytesTransferred != 0) {
                PlatformDependent.putInt(bytesTransferred, bytes);
            }
            if (status == STATUS_PENDING) {
                return fail(ERROR_IO_INCOMPLETE);
            }
            if (status >= 0) {
                return ok(); // NT_SUCCESS: STATUS_SUCCESS, STATUS_TIMEOUT
            }
            return fail(errorOfStatus(status));
        }
    }

    /** Reads complete per COMMTIMEOUTS; bytes move from the driver queue into the read's buffer. */
    void serviceReads(SimDevice d) {
        SimFile f = d.openFile;
        if (f == null) {
            return;
        }
        boolean took = false;
        for (Op op : new ArrayList<>(f.pending)) {
            if (op.kind != Kind.READ || op.done) {
                continue;
            }
            if (d.zeroByteReads && d.rxLength == 0 && op.transferred == 0) {
                complete(op, STATUS_TIMEOUT); // a driver whose reads time out empty at once
                continue;
            }
            int n = Math.min(d.rxLength, op.length - op.transferred);
            if (n > 0) {
                PlatformDependent.copyMemory(d.rx, 0, op.buffer + op.transferred, n);
                System.arraycopy(d.rx, n, d.rx, 0, d.rxLength - n);
                d.rxLength -= n;
                op.transferred += n;
                took = true;
            }
            long interval = f.timeouts[0] & MAXDWORD;
            long multiplier = f.timeouts[1] & MAXDWORD;
            long constant = f.timeouts[2] & MAXDWORD;
            if (d.hung) {
                continue; // took the bytes, never completes
            } else if (op.transferred == op.length) {
                complete(op, STATUS_SUCCESS);
            } else if (interval == MAXDWORD && multiplier == 0 && constant == 0) {
                complete(op, STATUS_SUCCESS); // return what is there, even nothing
            } else if (interval == MAXDWORD && multiplier == MAXDWORD && constant > 0 && constant < MAXDWORD) {
                if (op.transferred > 0) {
                    complete(op, STATUS_SUCCESS);
                } else if (op.timer == null) {
                    op.timer = schedule(op, constant);
                }
            } else if (multiplier != 0 || constant != 0) {
                if (op.timer == null) {
                    op.timer = schedule(op, multiplier * op.length + constant);
                }
            } else if (interval > 0 && op.transferred > 0 && n > 0 && !d.holdIntervalTimer) {
                // The interval timer restarts with every byte; it expires when the line goes quiet.
                if (op.timer != null) {
                    op.timer.cancel(false);
                }
                op.timer = schedule(op, interval);
            } else if (interval > 0 && op.transferred > 0 && op.timer == null && !d.holdIntervalTimer) {
                op.timer = schedule(op, interval);
            }
            if (d.rxLength == 0) {
                break;
            }
        }
        if (took) {
            pumpWrites(d.peer);
        }
    }

    private ScheduledFuture<?> schedule(Op op, long millis) {
        return timers.schedule(() -> {
            synchronized (lock) {
                if (!op.done && !op.file.device.hung && !(op.file.device.holdIntervalTimer && op.kind == Kind.READ)) {
                    complete(op, STATUS_TIMEOUT); // serial.sys: a read ended by a timeout, a success status
                } else {
                    op.timer = null;
                }
            }
        }, millis, TimeUnit.MILLISECONDS);
    }

    /** Moves bytes of pending writes into the peer's receive queue as it has room. */
    void pumpWrites(SimDevice d) {
        if (d == null || d.openFile == null) {
            return;
        }
        SimDevice peer = d.peer;
        boolean moved = false;
        for (Op op : new ArrayList<>(d.openFile.pending)) {
            if (op.kind != Kind.WRITE) {
                continue;
            }
            int room = peer == null || peer.unplugged ? Integer.MAX_VALUE : peer.rx.length - peer.rxLength;
            int n = Math.min(room, op.length - op.transferred);
            if (n > 0 && peer != null && !peer.unplugged) {
                PlatformDependent.copyMemory(op.buffer + op.transferred, peer.rx, peer.rxLength, n);
                peer.rxLength += n;
                moved = true;
            }
            op.transferred += Math.max(0, n);
            if (op.transferred == op.length && !d.hung) {
                complete(op, STATUS_SUCCESS);
            } else {
                break;
            }
        }
        if (moved) {
            serviceReads(peer);
        }
    }

    /** Raises modem/error events on {@code d}: completes a pending wait or records them for the next one. */
    void raiseEvents(SimDevice d, int events) {
        SimFile f = d.openFile;
        if (f == null) {
            return;
        }
        int hit = events & f.mask;
        if (hit == 0) {
            return;
        }
        for (Op op : f.pending) {
            if (op.kind == Kind.WAIT && !op.done) {
                op.events = hit;
                complete(op, STATUS_SUCCESS);
                return;
            }
        }
        f.history |= hit;
    }

    void failAll(SimDevice d, int error) {
        SimFile f = d.openFile;
        if (f != null) {
            for (Op op : new ArrayList<>(f.pending)) {
                complete(op, statusOfError(error));
            }
        }
    }

    private static final int[][] STATUS_TABLE = {
        {STATUS_CANCELLED, ERROR_OPERATION_ABORTED},
        {0xC00002B6, ERROR_DEVICE_REMOVED},
        {0xC0000022, ERROR_ACCESS_DENIED},
        {0xC0000008, ERROR_INVALID_HANDLE},
        {0xC0000001, ERROR_GEN_FAILURE},
        {0xC000014B, ERROR_BROKEN_PIPE},
        {0xC00000A3, ERROR_NOT_READY},
        {0xC0000010, ERROR_BAD_COMMAND},
    };

    static int statusOfError(int error) {
        for (int[] row : STATUS_TABLE) {
            if (row[1] == error) {
                return row[0];
            }
        }
        return 0xE0000000 | error;
    }

    static int errorOfStatus(int status) {
        for (int[] row : STATUS_TABLE) {
            if (row[0] == status) {
                return row[1];
            }
        }
        return (status & 0xF0000000) == 0xE0000000 ? status & 0xFFFF : ERROR_GEN_FAILURE;
    }

    // ---- comm control ----

    @Override
    public boolean GetCommState(long file, long dcb) {
        synchronized (lock) {
            SimFile f = usable(file);
            if (f == null) {
                return false;
            }
            PlatformDependent.copyMemory(f.device.dcb, 0, dcb, 28);
            return ok();
        }
    }

    @Override
    public boolean SetCommState(long file, long dcb) {
        synchronized (lock) {
            SimFile f = usable(file);
            if (f == null) {
                return false;
            }
            byte[] next = new byte[28];
            PlatformDependent.copyMemory(dcb, next, 0, 28);
            int baud = readInt(next, 4);
            int flags = readInt(next, 8);
            int byteSize = next[18];
            int parity = next[19];
            int stop = next[20];
            boolean valid = readInt(next, 0) == 28 && baud > 0 && baud <= f.device.maxBaud
                    && byteSize >= 5 && byteSize <= 8 && parity >= 0 && parity <= 4 && stop >= 0 && stop <= 2
                    && !(stop == 1 && byteSize != 5) && !(stop == 2 && byteSize == 5)
                    && next[21] != next[22] && next[12] == 0 && next[13] == 0 && (flags & 0x1) != 0;
            if (!valid) {
                return fail(ERROR_INVALID_PARAMETER);
            }
            if (f.device.baudStep > 0) {
                // A driver whose clock divides down in steps keeps the nearest rate it can make.
                int step = f.device.baudStep;
                int nearest = Math.max(step, Math.round(baud / (float) step) * step);
                next[4] = (byte) nearest;
                next[5] = (byte) (nearest >> 8);
                next[6] = (byte) (nearest >> 16);
                next[7] = (byte) (nearest >> 24);
            }
            System.arraycopy(next, 0, f.device.dcb, 0, 28);
            int dtrControl = (flags >> 4) & 3;
            int rtsControl = (flags >> 12) & 3;
            setLines(f.device, dtrControl != 0, rtsControl != 0);
            return ok();
        }
    }

    private static int readInt(byte[] b, int off) {
        return (b[off] & 0xff) | (b[off + 1] & 0xff) << 8 | (b[off + 2] & 0xff) << 16 | (b[off + 3] & 0xff) << 24;
    }

    private void setLines(SimDevice d, boolean dtr, boolean rts) {
        boolean dtrChanged = d.dtr != dtr;
        boolean rtsChanged = d.rts != rts;
        d.dtr = dtr;
        d.rts = rts;
        if (d.peer != null) {
            int events = (dtrChanged ? EV_DSR | EV_RLSD : 0) | (rtsChanged ? EV_CTS : 0);
            if (events != 0) {
                raiseEvents(d.peer, events);
            }
        }
    }

    @Override
    public boolean SetCommTimeouts(long file, long commTimeouts) {
        synchronized (lock) {
            SimFile f = usable(file);
            if (f == null) {
                return false;
            }
            for (int i = 0; i < 5; i++) {
                f.timeouts[i] = PlatformDependent.getInt(commTimeouts + 4L * i);
            }
            return ok();
        }
    }

    @Override
    public boolean SetCommMask(long file, int mask) {
        synchronized (lock) {
            SimFile f = usable(file);
            if (f == null) {
                return false;
            }
            for (Op op : new ArrayList<>(f.pending)) {
                if (op.kind == Kind.WAIT) {
                    op.events = 0;
                    complete(op, STATUS_SUCCESS);
                }
            }
            f.mask = mask;
            f.history = 0;
            return ok();
        }
    }

    @Override
    public boolean ClearCommError(long file, long errors, long comStat) {
        synchronized (lock) {
            SimFile f = usable(file);
            if (f == null) {
                return false;
            }
            SimDevice d = f.device;
            if (errors != 0) {
                PlatformDependent.putInt(errors, d.errors);
            }
            d.errors = 0;
            if (comStat != 0) {
                int outQueue = 0;
                for (Op op : f.pending) {
                    if (op.kind == Kind.WRITE) {
                        outQueue += op.length - op.transferred;
                    }
                }
                PlatformDependent.putInt(comStat, 0);
                PlatformDependent.putInt(comStat + 4, d.rxLength);
                PlatformDependent.putInt(comStat + 8, outQueue);
            }
            return ok();
        }
    }

    @Override
    public boolean PurgeComm(long file, int flags) {
        synchronized (lock) {
            SimFile f = usable(file);
            if (f == null) {
                return false;
            }
            for (Op op : new ArrayList<>(f.pending)) {
                if ((op.kind == Kind.READ && (flags & PURGE_RXABORT) != 0)
                        || (op.kind == Kind.WRITE && (flags & PURGE_TXABORT) != 0)) {
                    complete(op, STATUS_CANCELLED);
                }
            }
            if ((flags & PURGE_RXCLEAR) != 0) {
                f.device.rxLength = 0;
                pumpWrites(f.device.peer);
            }
            return ok();
        }
    }

    @Override
    public boolean EscapeCommFunction(long file, int function) {
        synchronized (lock) {
            SimFile f = usable(file);
            if (f == null) {
                return false;
            }
            SimDevice d = f.device;
            switch (function) {
                case SETDTR: setLines(d, true, d.rts); break;
                case CLRDTR: setLines(d, false, d.rts); break;
                case SETRTS: setLines(d, d.dtr, true); break;
                case CLRRTS: setLines(d, d.dtr, false); break;
                case 8: return SetCommBreak(file);
                case 9: return ClearCommBreak(file);
                default: return fail(ERROR_INVALID_PARAMETER);
            }
            return ok();
        }
    }

    @Override
    public boolean SetCommBreak(long file) {
        return setBreak(file, true);
    }

    @Override
    public boolean ClearCommBreak(long file) {
        return setBreak(file, false);
    }

    private boolean setBreak(long file, boolean on) {
        synchronized (lock) {
            SimFile f = usable(file);
            if (f == null) {
                return false;
            }
            SimDevice d = f.device;
            if (on && !d.breakOn && d.peer != null) {
                // serial.sys raises EV_BREAK for a break; EV_ERR is for framing, overrun and parity errors.
                d.peer.errors |= CE_BREAK;
                raiseEvents(d.peer, EV_BREAK);
            }
            d.breakOn = on;
            return ok();
        }
    }

    @Override
    public boolean GetCommModemStatus(long file, long modemStatus) {
        synchronized (lock) {
            SimFile f = usable(file);
            if (f == null) {
                return false;
            }
            SimDevice d = f.device;
            SimDevice p = d.peer;
            int s = 0;
            if (p != null && p.openFile != null) {
                s |= (p.rts ? MS_CTS_ON : 0) | (p.dtr ? MS_DSR_ON | MS_RLSD_ON : 0);
            }
            if (d.ctsFromWire != null) {
                s = (s & ~MS_CTS_ON) | (d.ctsFromWire ? MS_CTS_ON : 0);
            }
            s |= d.ring ? MS_RING_ON : 0;
            PlatformDependent.putInt(modemStatus, s);
            return ok();
        }
    }

    // ---- memory ----

    @Override
    public long allocate(long size) {
        long address = PlatformDependent.allocateMemory(size);
        synchronized (lock) {
            allocations.put(address, size);
        }
        return address;
    }

    @Override
    public void free(long address) {
        synchronized (lock) {
            Long size = allocations.get(address);
            if (size == null) {
                violation("free(0x" + Long.toHexString(address) + ") of memory not allocated, or freed twice");
                return;
            }
            for (Op op : live) {
                if (overlaps(address, size, op.overlapped, 32) || overlaps(address, size, op.buffer, op.length)) {
                    violation("free(0x" + Long.toHexString(address) + ") while " + op
                            + " is in flight (the kernel may still write there)");
                    return; // keep the memory: a real kernel would scribble on it
                }
            }
            allocations.remove(address);
        }
        PlatformDependent.freeMemory(address);
    }

    /** Stops the timer thread. */
    public void shutdown() {
        timers.shutdownNow();
    }

    // ---- kernel objects ----

    enum Kind { READ, WRITE, WAIT }

    static final class SimPort {
        final ArrayDeque<Packet> queue = new ArrayDeque<>();
        boolean closed;
    }

    static final class SimFile {
        final SimDevice device;
        final boolean overlapped;
        final List<Op> pending = new ArrayList<>();
        final int[] timeouts = new int[5];
        long handle;
        SimPort port;
        long key;
        int mask;
        int history;
        boolean closed;

        SimFile(SimDevice device, boolean overlapped) {
            this.device = device;
            this.overlapped = overlapped;
        }
    }

    static final class Op {
        final Kind kind;
        final SimFile file;
        final long overlapped;
        final long buffer;
        final int length;
        int transferred;
        int events;
        int status = STATUS_PENDING;
        boolean done;
        ScheduledFuture<?> timer;

        Op(Kind kind, SimFile file, long overlapped, long buffer, int length) {
            this.kind = kind;
            this.file = file;
            this.overlapped = overlapped;
            this.buffer = buffer;
            this.length = length;
        }

        @Override
        public String toString() {
            return kind + "(" + file.device.name + ", OVERLAPPED 0x" + Long.toHexString(overlapped) + ", "
                    + transferred + "/" + length + (done ? ", completed, packet queued" : ", pending") + ")";
        }
    }

    static final class Packet {
        final long key;
        final long overlapped;
        final int bytes;
        final Op op;

        Packet(long key, long overlapped, int bytes, Op op) {
            this.key = key;
            this.overlapped = overlapped;
            this.bytes = bytes;
            this.op = op;
        }
    }

    /** What is in flight and queued, for failure messages. */
    public String describe() {
        synchronized (lock) {
            StringBuilder sb = new StringBuilder("live=").append(live);
            for (SimDevice d : devices.values()) {
                sb.append(' ').append(d.name).append("(rx=").append(d.rxLength)
                        .append(d.openFile == null ? ", closed" : ", pending=" + d.openFile.pending).append(')');
            }
            return sb.toString();
        }
    }

    /** All ports' names, for messages. */
    @Override
    public String toString() {
        synchronized (lock) {
            StringBuilder sb = new StringBuilder("SimKernel[");
            for (Iterator<String> it = devices.keySet().iterator(); it.hasNext();) {
                sb.append(it.next()).append(it.hasNext() ? ", " : "");
            }
            return sb.append(']').toString();
        }
    }
}
