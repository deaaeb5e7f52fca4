package io.github.nettyserial.windows;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.netty.util.internal.PlatformDependent;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * The Win32 behaviours the backend relies on, asserted call by call against a kernel with two COM ports
 * wired to each other: {@link SimWin32ContractTest} runs them on the simulated kernel, {@link WineWin32ContractTest}
 * on Wine's kernel32. Only what both model, and what Wine does as Windows does, is here; a difference between
 * the two is a bug in the simulation (or a Wine difference that belongs in docs/windows.md, not here).
 */
@Timeout(60)
abstract class Win32ContractTest {
    private static final int STATUS_SUCCESS = 0;
    private static final int STATUS_PENDING = 0x103;
    private static final int ERROR_IO_INCOMPLETE = 996;
    private static final int ENTRY = Win32Structs.OVERLAPPED_ENTRY_SIZE;

    Win32 kernel;
    private final List<Long> handles = new ArrayList<>();
    private final List<Long> blocks = new ArrayList<>();
    private long port;
    private long entries;
    private long removed;
    /** Packets dequeued while waiting for another one. */
    private final List<Packet> early = new ArrayList<>();

    /** The kernel under test, with the ports {@link #portA()} and {@link #portB()} wired to each other. */
    abstract Win32 newKernel() throws Exception;

    abstract String portA();

    abstract String portB();

    /** Releases what {@link #newKernel()} set up. */
    abstract void closeKernel() throws Exception;

    @BeforeEach
    void setUp() throws Exception {
        kernel = newKernel();
        port = kernel.CreateIoCompletionPort(Win32.INVALID_HANDLE_VALUE, 0, 0, 1);
        assertNotEquals(0L, port);
        handles.add(port);
        entries = memory(16L * ENTRY);
        removed = memory(8);
    }

    @AfterEach
    void tearDown() throws Exception {
        try {
            for (int i = handles.size() - 1; i >= 0; i--) {
                kernel.CloseHandle(handles.get(i));
            }
            for (long b : blocks) {
                kernel.free(b);
            }
        } finally {
            closeKernel();
        }
    }

    private long memory(long size) {
        long m = kernel.allocate(size);
        PlatformDependent.setMemory(m, size, (byte) 0);
        blocks.add(m);
        return m;
    }

    /** Opens {@code \\.\name} overlapped, (1,0,0) timeouts, on the test's completion port with key {@code key}. */
    private long open(String name, long key) {
        long h = kernel.CreateFileW("\\\\.\\" + name, Win32.GENERIC_READ | Win32.GENERIC_WRITE, 0, 0,
                Win32.OPEN_EXISTING, Win32.FILE_FLAG_OVERLAPPED, 0);
        assertNotEquals(Win32.INVALID_HANDLE_VALUE, h, name + ": error " + kernel.getLastError());
        handles.add(h);
        timeouts(h, 1, 0, 0);
        assertEquals(port, kernel.CreateIoCompletionPort(h, port, key, 0));
        return h;
    }

    private void timeouts(long h, int interval, int multiplier, int constant) {
        long t = memory(Win32Structs.COMMTIMEOUTS_SIZE);
        PlatformDependent.putInt(t + Win32Structs.CT_READ_INTERVAL, interval);
        PlatformDependent.putInt(t + Win32Structs.CT_READ_TOTAL_MULTIPLIER, multiplier);
        PlatformDependent.putInt(t + Win32Structs.CT_READ_TOTAL_CONSTANT, constant);
        assertTrue(kernel.SetCommTimeouts(h, t));
    }

    /** One dequeued OVERLAPPED_ENTRY. */
    record Packet(long key, long overlapped, int status, int bytes) {
    }

    /** The next packets, waiting up to {@code millis}; empty on WAIT_TIMEOUT. */
    private List<Packet> dequeue(int millis) {
        List<Packet> out = new ArrayList<>();
        if (!kernel.GetQueuedCompletionStatusEx(port, entries, 16, removed, millis, false)) {
            assertEquals(Win32.WAIT_TIMEOUT, kernel.getLastError());
            return out;
        }
        int n = PlatformDependent.getInt(removed);
        for (int i = 0; i < n; i++) {
            long e = entries + (long) i * ENTRY;
            out.add(new Packet(PlatformDependent.getLong(e + Win32Structs.OE_COMPLETION_KEY),
                    PlatformDependent.getLong(e + Win32Structs.OE_OVERLAPPED),
                    (int) PlatformDependent.getLong(e + Win32Structs.OE_INTERNAL),
                    PlatformDependent.getInt(e + Win32Structs.OE_BYTES)));
        }
        return out;
    }

    /** The packet of {@code overlapped}, waiting up to 10 s; packets of other operations are kept for later. */
    private Packet packetOf(long overlapped) {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        do {
            for (Packet p : early) {
                if (p.overlapped() == overlapped) {
                    early.remove(p);
                    return p;
                }
            }
            early.addAll(dequeue(200));
        } while (System.nanoTime() < deadline || early.stream().anyMatch(p -> p.overlapped() == overlapped));
        throw new AssertionError("no packet for OVERLAPPED 0x" + Long.toHexString(overlapped));
    }

    /** Starts an overlapped call's bookkeeping check: TRUE, or FALSE with ERROR_IO_PENDING. */
    private void assertStarted(boolean result, String call) {
        if (!result) {
            assertEquals(Win32.ERROR_IO_PENDING, kernel.getLastError(), call);
        }
    }

    private long write(long h, String text) {
        byte[] b = text.getBytes(StandardCharsets.US_ASCII);
        long buf = memory(b.length);
        PlatformDependent.copyMemory(b, 0, buf, b.length);
        long ov = memory(Win32Structs.OVERLAPPED_SIZE);
        assertStarted(kernel.WriteFile(h, buf, b.length, 0, ov), "WriteFile");
        return ov;
    }

    private static byte[] bytes(long address, int n) {
        byte[] b = new byte[n];
        PlatformDependent.copyMemory(address, b, 0, n);
        return b;
    }

    @Test
    void comNamesFromTenOnNeedTheDevicePrefixAndMissingPortsAreNotFound() {
        long bare = kernel.CreateFileW(portA(), Win32.GENERIC_READ | Win32.GENERIC_WRITE, 0, 0, Win32.OPEN_EXISTING,
                Win32.FILE_FLAG_OVERLAPPED, 0);
        assertEquals(Win32.INVALID_HANDLE_VALUE, bare);
        assertEquals(Win32.ERROR_FILE_NOT_FOUND, kernel.getLastError());
        long missing = kernel.CreateFileW("\\\\.\\COM99", Win32.GENERIC_READ | Win32.GENERIC_WRITE, 0, 0,
                Win32.OPEN_EXISTING, Win32.FILE_FLAG_OVERLAPPED, 0);
        assertEquals(Win32.INVALID_HANDLE_VALUE, missing);
        assertEquals(Win32.ERROR_FILE_NOT_FOUND, kernel.getLastError());
    }

    @Test
    void aHandleBelongsToOneCompletionPort() {
        long a = open(portA(), 1);
        long other = kernel.CreateIoCompletionPort(Win32.INVALID_HANDLE_VALUE, 0, 0, 1);
        handles.add(other);
        assertEquals(0L, kernel.CreateIoCompletionPort(a, other, 2, 0));
        assertEquals(Win32.ERROR_INVALID_PARAMETER, kernel.getLastError());
    }

    @Test
    void anEmptyPortTimesOut() {
        assertFalse(kernel.GetQueuedCompletionStatusEx(port, entries, 16, removed, 0, false));
        assertEquals(Win32.WAIT_TIMEOUT, kernel.getLastError());
        assertFalse(kernel.GetQueuedCompletionStatusEx(port, entries, 16, removed, 30, false));
        assertEquals(Win32.WAIT_TIMEOUT, kernel.getLastError());
    }

    @Test
    void postedPacketsComeBackAsPostedInOneBatch() {
        long ov = memory(Win32Structs.OVERLAPPED_SIZE);
        for (int i = 0; i < 3; i++) {
            assertTrue(kernel.PostQueuedCompletionStatus(port, 10 + i, 100 + i, i == 1 ? ov : 0));
        }
        List<Packet> got = dequeue(1000);
        assertEquals(3, got.size(), "one GetQueuedCompletionStatusEx returns all three: " + got);
        for (int i = 0; i < 3; i++) {
            assertEquals(100 + i, got.get(i).key());
            assertEquals(10 + i, got.get(i).bytes());
            assertEquals(i == 1 ? ov : 0, got.get(i).overlapped());
        }
    }

    @Test
    void aBlockedDequeueWakesForAPostFromAnotherThread() throws Exception {
        CompletableFuture<List<Packet>> blocked = CompletableFuture.supplyAsync(() -> dequeue(30_000));
        Thread.sleep(100);
        assertFalse(blocked.isDone(), "GetQueuedCompletionStatusEx blocks while the port is empty");
        assertTrue(kernel.PostQueuedCompletionStatus(port, 0, 7, 0));
        List<Packet> got = blocked.get(10, TimeUnit.SECONDS);
        assertEquals(1, got.size());
        assertEquals(7, got.get(0).key());
    }

    @Test
    void aWriteQueuesAPacketAlsoWhenItSucceedsAtOnce() {
        long a = open(portA(), 1);
        long b = open(portB(), 2);
        long ov = write(a, "0123456789");
        Packet p = packetOf(ov);
        assertEquals(1, p.key());
        assertEquals(10, p.bytes());
        assertEquals(STATUS_SUCCESS, p.status());
        long buf = memory(64);
        long rov = memory(Win32Structs.OVERLAPPED_SIZE);
        assertStarted(kernel.ReadFile(b, buf, 64, 0, rov), "ReadFile");
        Packet r = packetOf(rov);
        assertEquals(2, r.key());
        assertTrue(r.status() >= 0, "NT_SUCCESS: 0x" + Integer.toHexString(r.status()));
        assertEquals(10, r.bytes());
        assertArrayEquals("0123456789".getBytes(StandardCharsets.US_ASCII), bytes(buf, 10));
        assertEquals(10, PlatformDependent.getLong(rov + Win32Structs.OV_INTERNAL_HIGH), "InternalHigh");
    }

    @Test
    void aPendingReadWaitsForDataThenCompletes() {
        long a = open(portA(), 1);
        long b = open(portB(), 2);
        long buf = memory(64);
        long rov = memory(Win32Structs.OVERLAPPED_SIZE);
        assertFalse(kernel.ReadFile(b, buf, 64, 0, rov));
        assertEquals(Win32.ERROR_IO_PENDING, kernel.getLastError());
        assertEquals(STATUS_PENDING, (int) PlatformDependent.getLong(rov + Win32Structs.OV_INTERNAL));
        long count = memory(8);
        assertFalse(kernel.GetOverlappedResult(b, rov, count, false));
        assertEquals(ERROR_IO_INCOMPLETE, kernel.getLastError());
        assertTrue(dequeue(100).isEmpty(), "no packet before data");
        packetOf(write(a, "hello"));
        Packet r = packetOf(rov);
        assertEquals(5, r.bytes());
        assertTrue(r.status() >= 0, "NT_SUCCESS: 0x" + Integer.toHexString(r.status()));
        assertArrayEquals("hello".getBytes(StandardCharsets.US_ASCII), bytes(buf, 5));
    }

    @Test
    void cancellingAnEmptyReadCompletesItWithOperationAborted() {
        open(portA(), 1);
        long b = open(portB(), 2);
        long buf = memory(64);
        long rov = memory(Win32Structs.OVERLAPPED_SIZE);
        assertStarted(kernel.ReadFile(b, buf, 64, 0, rov), "ReadFile");
        assertTrue(kernel.CancelIoEx(b, rov));
        Packet r = packetOf(rov);
        assertEquals(0, r.bytes());
        long count = memory(8);
        assertFalse(kernel.GetOverlappedResult(b, rov, count, false));
        assertEquals(Win32.ERROR_OPERATION_ABORTED, kernel.getLastError());
    }

    @Test
    void aCancelledReadKeepsTheBytesItHolds() throws Exception {
        long a = open(portA(), 1);
        long b = open(portB(), 2);
        timeouts(b, 0, 0, 0); // wait for a full buffer: the read holds what came and stays pending
        long buf = memory(64);
        long rov = memory(Win32Structs.OVERLAPPED_SIZE);
        assertStarted(kernel.ReadFile(b, buf, 64, 0, rov), "ReadFile");
        packetOf(write(a, "abcde"));
        Thread.sleep(200); // the bytes reach the pending read
        assertTrue(dequeue(0).isEmpty(), "the read is still pending");
        assertTrue(kernel.CancelIoEx(b, rov));
        Packet r = packetOf(rov);
        assertEquals(5, r.bytes(), "the cancelled read carries its bytes");
        assertArrayEquals("abcde".getBytes(StandardCharsets.US_ASCII), bytes(buf, 5));
        long count = memory(8);
        assertFalse(kernel.GetOverlappedResult(b, rov, count, false));
        assertEquals(Win32.ERROR_OPERATION_ABORTED, kernel.getLastError());
        assertEquals(5, PlatformDependent.getInt(count));
    }

    @Test
    void queuedBytesShowInClearCommErrorAndPurgeDropsThem() throws Exception {
        long a = open(portA(), 1);
        long b = open(portB(), 2);
        packetOf(write(a, "12345"));
        long errors = memory(8);
        long stat = memory(Win32Structs.COMSTAT_SIZE);
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        do {
            assertTrue(kernel.ClearCommError(b, errors, stat));
        } while (PlatformDependent.getInt(stat + Win32Structs.CS_IN_QUE) < 5 && System.nanoTime() < deadline);
        assertEquals(5, PlatformDependent.getInt(stat + Win32Structs.CS_IN_QUE));
        assertEquals(0, PlatformDependent.getInt(errors));
        assertTrue(kernel.PurgeComm(b, Win32.PURGE_RXCLEAR));
        assertTrue(kernel.ClearCommError(b, errors, stat));
        assertEquals(0, PlatformDependent.getInt(stat + Win32Structs.CS_IN_QUE));
    }

    @Test
    void commStateReadsBackWhatWasSet() {
        long a = open(portA(), 1);
        long dcb = memory(Dcb.SIZE);
        assertTrue(kernel.GetCommState(a, dcb));
        assertEquals(Dcb.SIZE, PlatformDependent.getInt(dcb));
        assertNotEquals(PlatformDependent.getByte(dcb + 21), PlatformDependent.getByte(dcb + 22), "XonChar != XoffChar");
        PlatformDependent.putInt(dcb + 4, 115_200);
        assertTrue(kernel.SetCommState(a, dcb));
        long back = memory(Dcb.SIZE);
        assertTrue(kernel.GetCommState(a, back));
        assertEquals(115_200, PlatformDependent.getInt(back + 4));
        assertEquals(8, PlatformDependent.getByte(back + 18), "ByteSize");
    }

    @Test
    void aClosedHandleIsInvalid() {
        long b = open(portB(), 2);
        assertTrue(kernel.CloseHandle(b));
        handles.remove(Long.valueOf(b));
        long buf = memory(16);
        long rov = memory(Win32Structs.OVERLAPPED_SIZE);
        assertFalse(kernel.ReadFile(b, buf, 16, 0, rov));
        assertEquals(Win32.ERROR_INVALID_HANDLE, kernel.getLastError());
        assertTrue(dequeue(50).isEmpty(), "a failed call queues nothing");
    }

    @Test
    void cancellingAStuckWriteReportsTheBytesThatWentOut() throws Exception {
        long a = open(portA(), 1);
        long b = open(portB(), 2);
        int size = 1 << 20;
        long buf = memory(size);
        for (int i = 0; i < size; i++) {
            PlatformDependent.putByte(buf + i, (byte) i);
        }
        long wov = memory(Win32Structs.OVERLAPPED_SIZE);
        assertStarted(kernel.WriteFile(a, buf, size, 0, wov), "WriteFile");
        Thread.sleep(300); // the reader does not read: the write is stuck part-way
        assertTrue(dequeue(0).isEmpty(), "the write is still pending");
        assertTrue(kernel.CancelIoEx(a, wov));
        Packet w = packetOf(wov);
        long count = memory(8);
        assertFalse(kernel.GetOverlappedResult(a, wov, count, false));
        assertEquals(Win32.ERROR_OPERATION_ABORTED, kernel.getLastError());
        int sent = w.bytes();
        assertTrue(sent > 0 && sent < size, "part of the write went out: " + sent);
        // What the cancelled write reports as written is exactly what reaches the other end.
        long in = memory(size);
        long rov = memory(Win32Structs.OVERLAPPED_SIZE);
        int got = 0;
        while (true) {
            assertStarted(kernel.ReadFile(b, in + got, size - got, 0, rov), "ReadFile");
            List<Packet> next = new ArrayList<>();
            long deadline = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(500);
            while (next.isEmpty() && System.nanoTime() < deadline) {
                next.addAll(dequeue(100));
            }
            if (next.isEmpty()) {
                assertTrue(kernel.CancelIoEx(b, rov));
                got += packetOf(rov).bytes();
                break;
            }
            got += next.get(0).bytes();
        }
        assertEquals(sent, got, "bytes reported written vs bytes that arrived");
        for (int i = 0; i < got; i++) {
            assertEquals((byte) i, PlatformDependent.getByte(in + i), "byte " + i);
        }
    }
}
