package io.github.nettyserial.windows;

import io.netty.util.internal.PlatformDependent;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.Socket;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * {@link Win32} on Wine's real kernel32: every call is forwarded to the {@code win32host.exe} helper that
 * {@link WineHost} runs under Wine, over a connection of the calling thread's own (so a blocking
 * GetQueuedCompletionStatusEx holds only its caller, and GetLastError is per thread as on Windows).
 *
 * <p>Pointers are translated into the helper's view of the {@link SharedRegion}; nothing is copied. A pointer
 * outside the region is a test failure: it is recorded and the call throws, because the Wine process could
 * only have written somewhere else. Like the simulated kernel, this one also polices its caller: an
 * OVERLAPPED reused or memory freed while an operation still owns it, a handle closed with packets still to
 * come. {@link #assertClean()} fails the test on any of them. One instance per test.
 */
final class WineWin32 implements Win32 {
    private static final int OP_CREATE_FILE = 1;
    private static final int OP_CLOSE_HANDLE = 2;
    private static final int OP_CREATE_IOCP = 3;
    private static final int OP_GQCS_EX = 4;
    private static final int OP_POST_QCS = 5;
    private static final int OP_READ_FILE = 6;
    private static final int OP_WRITE_FILE = 7;
    private static final int OP_CANCEL_IO_EX = 8;
    private static final int OP_GET_OVERLAPPED_RESULT = 9;
    private static final int OP_GET_COMM_STATE = 10;
    private static final int OP_SET_COMM_STATE = 11;
    private static final int OP_SET_COMM_TIMEOUTS = 12;
    private static final int OP_SET_COMM_MASK = 13;
    private static final int OP_WAIT_COMM_EVENT = 14;
    private static final int OP_CLEAR_COMM_ERROR = 15;
    private static final int OP_PURGE_COMM = 16;
    private static final int OP_ESCAPE_COMM_FUNCTION = 17;
    private static final int OP_SET_COMM_BREAK = 18;
    private static final int OP_CLEAR_COMM_BREAK = 19;
    private static final int OP_GET_COMM_MODEM_STATUS = 20;

    private static final boolean TRACE = Boolean.getBoolean("nettyserial.wine.trace");
    private static final int HEADER = 8 + 7 * 8;
    private static final int REPLY = 16;

    private final SharedRegion region;
    private final int tcpPort;
    private final ThreadLocal<Connection> connection = new ThreadLocal<>();
    private final List<Connection> connections = new ArrayList<>();
    private final ThreadLocal<int[]> lastError = ThreadLocal.withInitial(() -> new int[1]);

    private final Object lock = new Object();
    private final Map<Long, Long> allocations = new HashMap<>();
    /** Operations started and not yet dequeued, by the JVM address of their OVERLAPPED. */
    private final Map<Long, Op> inFlight = new HashMap<>();
    private final Set<Long> handles = new HashSet<>();
    private final List<String> violations = new ArrayList<>();
    private long packetsDequeued;

    WineWin32(SharedRegion region, int tcpPort) {
        this.region = region;
        this.tcpPort = tcpPort;
    }

    // ---- what a test checks ----

    /** Fails if the caller misused the kernel at any point. */
    void assertClean() {
        synchronized (lock) {
            if (!violations.isEmpty()) {
                throw new AssertionError("Win32 misuse seen on Wine: " + violations);
            }
        }
    }

    /** Overlapped operations started whose packet has not been dequeued. */
    int liveOperations() {
        synchronized (lock) {
            return inFlight.size();
        }
    }

    /** Files and completion ports created and not closed. */
    int openHandles() {
        synchronized (lock) {
            return handles.size();
        }
    }

    /** Bytes from {@link #allocate} not freed. */
    long allocatedBytes() {
        synchronized (lock) {
            long sum = 0;
            for (long n : allocations.values()) {
                sum += n;
            }
            return sum;
        }
    }

    /** Completion packets of I/O operations dequeued so far. */
    long packetsDequeued() {
        synchronized (lock) {
            return packetsDequeued;
        }
    }

    /** What is in flight, for failure messages. */
    String describe() {
        synchronized (lock) {
            return "in flight on Wine: " + inFlight.values() + ", open handles: " + handles.size();
        }
    }

    /** A violation if an operation in flight still points into {@code [address, address+length)}. */
    void checkReleasable(long address, long length, String what) {
        synchronized (lock) {
            for (Op op : inFlight.values()) {
                if (op.touches(address, length)) {
                    violation(what + " released at 0x" + Long.toHexString(address) + " while " + op + " is in flight");
                }
            }
        }
    }

    private void violation(String what) {
        violations.add(what);
        System.err.println("WINE KERNEL VIOLATION: " + what);
    }

    /** Closes this instance's connections (the helper's threads for them end). */
    void close() {
        synchronized (connections) {
            for (Connection c : connections) {
                c.close();
            }
            connections.clear();
        }
    }

    // ---- pointers ----

    /** The helper's address for memory the kernel reads or writes; outside the shared region is a failure. */
    private long shared(long address, long length, String what) {
        if (address == 0) {
            return 0;
        }
        if (!region.contains(address, length)) {
            String message = what + " at 0x" + Long.toHexString(address) + " (" + length
                    + " bytes) is outside the memory shared with Wine: the Wine kernel cannot reach it";
            synchronized (lock) {
                violation(message);
            }
            throw new IllegalArgumentException(message);
        }
        return region.toWine(address);
    }

    // ---- calls ----

    @Override
    public long CreateFileW(String fileName, int desiredAccess, int shareMode, long securityAttributes,
                            int creationDisposition, int flagsAndAttributes, long templateFile) {
        long h = call(OP_CREATE_FILE, fileName, desiredAccess & 0xFFFFFFFFL, shareMode,
                shared(securityAttributes, 24, "SECURITY_ATTRIBUTES"), creationDisposition,
                flagsAndAttributes & 0xFFFFFFFFL, templateFile);
        if (h != INVALID_HANDLE_VALUE) {
            synchronized (lock) {
                handles.add(h);
            }
        }
        return h;
    }

    @Override
    public boolean CloseHandle(long handle) {
        synchronized (lock) {
            for (Op op : inFlight.values()) {
                if (op.file == handle) {
                    violation("CloseHandle while " + op + " has not been dequeued");
                }
            }
        }
        boolean ok = call(OP_CLOSE_HANDLE, null, handle) != 0;
        if (ok) {
            synchronized (lock) {
                handles.remove(handle);
            }
        }
        return ok;
    }

    @Override
    public long CreateIoCompletionPort(long file, long existingPort, long completionKey, int concurrentThreads) {
        long port = call(OP_CREATE_IOCP, null, file, existingPort, completionKey, concurrentThreads);
        if (port != 0 && file == INVALID_HANDLE_VALUE) {
            synchronized (lock) {
                handles.add(port);
            }
        }
        return port;
    }

    @Override
    public boolean GetQueuedCompletionStatusEx(long port, long entries, int count, long removed, int millis,
                                               boolean alertable) {
        long e = shared(entries, (long) count * Win32Structs.OVERLAPPED_ENTRY_SIZE, "OVERLAPPED_ENTRY array");
        long r = shared(removed, 4, "ULONG removed");
        if (call(OP_GQCS_EX, null, port, e, count, r, millis & 0xFFFFFFFFL, alertable ? 1 : 0) == 0) {
            return false;
        }
        int n = PlatformDependent.getInt(removed);
        synchronized (lock) {
            for (int i = 0; i < n; i++) {
                long at = entries + (long) i * Win32Structs.OVERLAPPED_ENTRY_SIZE + Win32Structs.OE_OVERLAPPED;
                long ov = region.toJvm(PlatformDependent.getLong(at));
                PlatformDependent.putLong(at, ov);
                if (inFlight.remove(ov) != null) {
                    packetsDequeued++;
                }
            }
        }
        return true;
    }

    @Override
    public boolean PostQueuedCompletionStatus(long port, int bytes, long completionKey, long overlapped) {
        // The kernel only carries lpOverlapped back; translate it when it is ours so it comes back the same.
        long ov = region.contains(overlapped, 1) ? region.toWine(overlapped) : overlapped;
        return call(OP_POST_QCS, null, port, bytes & 0xFFFFFFFFL, completionKey, ov) != 0;
    }

    @Override
    public boolean ReadFile(long file, long buffer, int length, long bytesRead, long overlapped) {
        return startIo(OP_READ_FILE, "ReadFile", file, buffer, length, bytesRead, overlapped);
    }

    @Override
    public boolean WriteFile(long file, long buffer, int length, long bytesWritten, long overlapped) {
        return startIo(OP_WRITE_FILE, "WriteFile", file, buffer, length, bytesWritten, overlapped);
    }

    private boolean startIo(int opCode, String name, long file, long buffer, int length, long transferred,
                            long overlapped) {
        long b = shared(buffer, length, name + " buffer");
        long t = shared(transferred, 4, name + " byte count");
        long ov = shared(overlapped, Win32Structs.OVERLAPPED_SIZE, name + " OVERLAPPED");
        Op op = new Op(name, file, overlapped, buffer, length);
        checkStart(op);
        boolean ok = call(opCode, null, file, b, length & 0xFFFFFFFFL, t, ov) != 0;
        started(op, ok);
        return ok;
    }

    private void checkStart(Op op) {
        if (op.overlapped == 0) {
            return;
        }
        synchronized (lock) {
            if (PlatformDependent.getLong(op.overlapped + Win32Structs.OV_EVENT) != 0) {
                violation(op.name + ": OVERLAPPED.hEvent is not NULL");
            }
            for (Op live : inFlight.values()) {
                if (live.overlapped == op.overlapped) {
                    violation(op.name + " reuses the OVERLAPPED of " + live + " before its packet was dequeued");
                } else if (op.length > 0 && live.touches(op.buffer, op.length)) {
                    violation(op.name + " uses a buffer that " + live + " still owns");
                }
            }
        }
    }

    /** A call that succeeded or went pending will queue a packet (the handle is on a completion port). */
    private void started(Op op, boolean ok) {
        if (op.overlapped != 0 && (ok || getLastError() == ERROR_IO_PENDING)) {
            synchronized (lock) {
                inFlight.put(op.overlapped, op);
            }
        }
    }

    @Override
    public boolean CancelIoEx(long file, long overlapped) {
        // Only compared with the OVERLAPPEDs in flight: never dereferenced by the kernel.
        long ov = region.contains(overlapped, 1) ? region.toWine(overlapped) : overlapped;
        return call(OP_CANCEL_IO_EX, null, file, ov) != 0;
    }

    @Override
    public boolean GetOverlappedResult(long file, long overlapped, long bytesTransferred, boolean wait) {
        return call(OP_GET_OVERLAPPED_RESULT, null, file,
                shared(overlapped, Win32Structs.OVERLAPPED_SIZE, "GetOverlappedResult OVERLAPPED"),
                shared(bytesTransferred, 4, "GetOverlappedResult byte count"), wait ? 1 : 0) != 0;
    }

    @Override
    public boolean GetCommState(long file, long dcb) {
        return call(OP_GET_COMM_STATE, null, file, shared(dcb, Dcb.SIZE, "DCB")) != 0;
    }

    @Override
    public boolean SetCommState(long file, long dcb) {
        return call(OP_SET_COMM_STATE, null, file, shared(dcb, Dcb.SIZE, "DCB")) != 0;
    }

    @Override
    public boolean SetCommTimeouts(long file, long commTimeouts) {
        return call(OP_SET_COMM_TIMEOUTS, null, file,
                shared(commTimeouts, Win32Structs.COMMTIMEOUTS_SIZE, "COMMTIMEOUTS")) != 0;
    }

    @Override
    public boolean SetCommMask(long file, int mask) {
        return call(OP_SET_COMM_MASK, null, file, mask & 0xFFFFFFFFL) != 0;
    }

    @Override
    public boolean WaitCommEvent(long file, long eventMask, long overlapped) {
        long m = shared(eventMask, 4, "WaitCommEvent mask");
        long ov = shared(overlapped, Win32Structs.OVERLAPPED_SIZE, "WaitCommEvent OVERLAPPED");
        Op op = new Op("WaitCommEvent", file, overlapped, eventMask, 4);
        checkStart(op);
        boolean ok = call(OP_WAIT_COMM_EVENT, null, file, m, ov) != 0;
        started(op, ok);
        return ok;
    }

    @Override
    public boolean ClearCommError(long file, long errors, long comStat) {
        return call(OP_CLEAR_COMM_ERROR, null, file, shared(errors, 4, "ClearCommError errors"),
                shared(comStat, Win32Structs.COMSTAT_SIZE, "COMSTAT")) != 0;
    }

    @Override
    public boolean PurgeComm(long file, int flags) {
        return call(OP_PURGE_COMM, null, file, flags & 0xFFFFFFFFL) != 0;
    }

    @Override
    public boolean EscapeCommFunction(long file, int function) {
        return call(OP_ESCAPE_COMM_FUNCTION, null, file, function) != 0;
    }

    @Override
    public boolean SetCommBreak(long file) {
        return call(OP_SET_COMM_BREAK, null, file) != 0;
    }

    @Override
    public boolean ClearCommBreak(long file) {
        return call(OP_CLEAR_COMM_BREAK, null, file) != 0;
    }

    @Override
    public boolean GetCommModemStatus(long file, long modemStatus) {
        return call(OP_GET_COMM_MODEM_STATUS, null, file, shared(modemStatus, 4, "modem status")) != 0;
    }

    @Override
    public int getLastError() {
        return lastError.get()[0];
    }

    // ---- memory ----

    @Override
    public long allocate(long size) {
        long address = region.allocate(size);
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
            for (Op op : inFlight.values()) {
                if (op.touches(address, size)) {
                    violation("free(0x" + Long.toHexString(address) + ") while " + op
                            + " is in flight (the kernel may still write there)");
                    return; // keep it: the Wine kernel may still write there
                }
            }
            allocations.remove(address);
        }
        region.free(address);
    }

    // ---- transport ----

    private long call(int op, String name, long... args) {
        Connection c = connection.get();
        if (c == null) {
            c = connect();
            connection.set(c);
        }
        long[] reply = c.call(op, name, args);
        lastError.get()[0] = (int) reply[1];
        if (TRACE) {
            System.err.printf("wine %s op=%d args=%s -> 0x%x err=%d%n", Thread.currentThread().getName(), op,
                    java.util.Arrays.toString(args), reply[0], reply[1]);
        }
        return reply[0];
    }

    private Connection connect() {
        try {
            Connection c = new Connection(new Socket(InetAddress.getLoopbackAddress(), tcpPort));
            synchronized (connections) {
                // Threads that ended (finished loops) no longer need theirs.
                for (Iterator<Connection> it = connections.iterator(); it.hasNext();) {
                    Connection old = it.next();
                    if (!old.owner.isAlive()) {
                        old.close();
                        it.remove();
                    }
                }
                connections.add(c);
            }
            return c;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot reach win32host.exe under Wine on port " + tcpPort, e);
        }
    }

    private static final class Connection {
        final Thread owner = Thread.currentThread();
        final Socket socket;
        final InputStream in;
        final OutputStream out;
        final ByteBuffer request = ByteBuffer.allocate(HEADER + 2048).order(ByteOrder.LITTLE_ENDIAN);
        final byte[] reply = new byte[REPLY];

        Connection(Socket socket) throws IOException {
            this.socket = socket;
            socket.setTcpNoDelay(true);
            in = socket.getInputStream();
            out = socket.getOutputStream();
        }

        long[] call(int op, String name, long[] args) {
            byte[] chars = name == null ? new byte[0] : name.getBytes(StandardCharsets.UTF_16LE);
            request.clear();
            request.putInt(HEADER + chars.length).putInt(op);
            for (int i = 0; i < 7; i++) {
                request.putLong(i < args.length ? args[i] : 0);
            }
            request.put(chars);
            try {
                out.write(request.array(), 0, request.position());
                if (in.readNBytes(reply, 0, REPLY) != REPLY) {
                    throw new IOException("win32host.exe closed the connection");
                }
            } catch (IOException e) {
                throw new UncheckedIOException("call " + op + " to win32host.exe under Wine failed", e);
            }
            ByteBuffer r = ByteBuffer.wrap(reply).order(ByteOrder.LITTLE_ENDIAN);
            return new long[] {r.getLong(0), r.getInt(8) & 0xFFFFFFFFL};
        }

        void close() {
            try {
                socket.close();
            } catch (IOException e) {
                // already gone
            }
        }
    }

    /** One overlapped operation the kernel owns until its packet is dequeued. */
    private static final class Op {
        final String name;
        final long file;
        final long overlapped;
        final long buffer;
        final long length;

        Op(String name, long file, long overlapped, long buffer, long length) {
            this.name = name;
            this.file = file;
            this.overlapped = overlapped;
            this.buffer = buffer;
            this.length = length;
        }

        boolean touches(long address, long len) {
            return overlaps(overlapped, Win32Structs.OVERLAPPED_SIZE, address, len) || overlaps(buffer, length, address, len);
        }

        private static boolean overlaps(long a, long aLen, long b, long bLen) {
            return a != 0 && aLen > 0 && a < b + bLen && b < a + aLen;
        }

        @Override
        public String toString() {
            return name + "(OVERLAPPED 0x" + Long.toHexString(overlapped) + ", " + length + " bytes)";
        }
    }
}
