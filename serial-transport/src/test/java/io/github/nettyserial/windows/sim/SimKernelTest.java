package io.github.nettyserial.windows.sim;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.nettyserial.windows.Win32;
import io.netty.util.internal.PlatformDependent;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The simulated kernel keeps the promises the backend's tests rely on: the completion semantics measured
 * on Windows and Wine (notes, Part A1/B3), and that it catches the misuse it is there to catch.
 */
class SimKernelTest {
    private SimKernel k;
    private long port;
    private long a;
    private long b;
    private long mem;
    private static final long OV1 = 0;
    private static final long OV2 = 32;
    private static final long OV3 = 64;
    private static final long ENTRIES = 128;
    private static final long REMOVED = 128 + 4 * 32;
    private static final long BUF = 512;
    private static final long BUF2 = 1024;
    private static final long SCRATCH = 1536;

    @BeforeEach
    void open() {
        k = new SimKernel(16);
        k.createPair("COM10", "COM11");
        mem = k.allocate(4096);
        PlatformDependent.setMemory(mem, 4096, (byte) 0);
        port = k.CreateIoCompletionPort(Win32.INVALID_HANDLE_VALUE, 0, 0, 1);
        a = k.CreateFileW("\\\\.\\COM10", Win32.GENERIC_READ | Win32.GENERIC_WRITE, 0, 0, Win32.OPEN_EXISTING,
                Win32.FILE_FLAG_OVERLAPPED, 0);
        b = k.CreateFileW("\\\\.\\COM11", Win32.GENERIC_READ | Win32.GENERIC_WRITE, 0, 0, Win32.OPEN_EXISTING,
                Win32.FILE_FLAG_OVERLAPPED, 0);
        assertTrue(a > 0xFFFF_FFFFL, "handles do not fit in 32 bits, so truncation shows");
        assertEquals(port, k.CreateIoCompletionPort(a, port, 1, 0));
        assertEquals(port, k.CreateIoCompletionPort(b, port, 2, 0));
        // (1,0,0), as the backend sets it.
        PlatformDependent.putInt(mem + SCRATCH, 1);
        assertTrue(k.SetCommTimeouts(a, mem + SCRATCH));
        assertTrue(k.SetCommTimeouts(b, mem + SCRATCH));
    }

    @AfterEach
    void close() {
        k.shutdown();
    }

    /** Dequeues one packet (waiting up to 5 s): {key, overlapped, bytes, win32 error}. */
    private long[] next() {
        assertTrue(k.GetQueuedCompletionStatusEx(port, mem + ENTRIES, 1, mem + REMOVED, 5000, false), "a packet");
        assertEquals(1, PlatformDependent.getInt(mem + REMOVED));
        long ov = PlatformDependent.getLong(mem + ENTRIES + 8);
        int error = 0;
        if (ov != 0 && !k.GetOverlappedResult(a, ov, mem + SCRATCH, false)) {
            error = k.getLastError();
        }
        return new long[] {PlatformDependent.getLong(mem + ENTRIES), ov, PlatformDependent.getInt(mem + ENTRIES + 24),
                error};
    }

    private byte[] read(long address, int n) {
        byte[] out = new byte[n];
        PlatformDependent.copyMemory(address, out, 0, n);
        return out;
    }

    @Test
    void aSynchronousSuccessStillQueuesAPacket() {
        PlatformDependent.copyMemory(new byte[] {1, 2, 3}, 0, mem + BUF, 3);
        assertTrue(k.WriteFile(a, mem + BUF, 3, 0, mem + OV1), "done at once: the peer had room");
        long[] p = next();
        assertEquals(1, p[0]);
        assertEquals(mem + OV1, p[1]);
        assertEquals(3, p[2]);
        assertEquals(0, p[3]);
        assertFalse(k.GetQueuedCompletionStatusEx(port, mem + ENTRIES, 1, mem + REMOVED, 0, false));
        assertEquals(Win32.WAIT_TIMEOUT, k.getLastError());
        k.assertClean();
    }

    @Test
    void readsCompleteAfterTheFirstBytesUnderOneZeroZero() {
        assertFalse(k.ReadFile(b, mem + BUF2, 64, 0, mem + OV2));
        assertEquals(Win32.ERROR_IO_PENDING, k.getLastError());
        PlatformDependent.copyMemory(new byte[] {7, 8}, 0, mem + BUF, 2);
        k.WriteFile(a, mem + BUF, 2, 0, mem + OV1);
        long[] w = next();
        assertEquals(mem + OV1, w[1]);
        long[] r = next(); // after the 1 ms interval
        assertEquals(2, r[0]);
        assertEquals(mem + OV2, r[1]);
        assertEquals(2, r[2]);
        assertEquals(7, read(mem + BUF2, 2)[0]);
        k.assertClean();
    }

    @Test
    void cancelCompletesWith995AndCarriesTheBytesAlreadyRead() {
        k.device("COM11").holdIntervalTimer(true);
        k.ReadFile(b, mem + BUF2, 64, 0, mem + OV2);
        PlatformDependent.copyMemory(new byte[] {4, 5, 6, 7, 8}, 0, mem + BUF, 5);
        k.WriteFile(a, mem + BUF, 5, 0, mem + OV1);
        next(); // the write
        assertTrue(k.CancelIoEx(b, mem + OV2));
        long[] r = next();
        assertEquals(mem + OV2, r[1]);
        assertEquals(5, r[2]);
        assertTrue(!k.GetOverlappedResult(b, mem + OV2, mem + SCRATCH, false));
        assertEquals(Win32.ERROR_OPERATION_ABORTED, k.getLastError());
        assertFalse(k.CancelIoEx(b, 0), "nothing left to cancel");
        assertEquals(Win32.ERROR_NOT_FOUND, k.getLastError());
        k.assertClean();
    }

    @Test
    void setCommMaskWakesAPendingWait() {
        assertTrue(k.SetCommMask(a, Win32.EV_CTS));
        assertFalse(k.WaitCommEvent(a, mem + SCRATCH, mem + OV3));
        assertEquals(Win32.ERROR_IO_PENDING, k.getLastError());
        assertFalse(k.WaitCommEvent(a, mem + SCRATCH, mem + OV2), "only one wait at a time");
        assertEquals(Win32.ERROR_INVALID_PARAMETER, k.getLastError());
        PlatformDependent.putInt(mem + SCRATCH, -1);
        assertTrue(k.SetCommMask(a, 0));
        long[] p = next();
        assertEquals(mem + OV3, p[1]);
        assertEquals(0, p[3]);
        assertEquals(0, PlatformDependent.getInt(mem + SCRATCH), "the mask reads 0");
        k.assertClean();
    }

    @Test
    void unplugFailsWhatIsInFlightAndEveryLaterCall() {
        k.ReadFile(a, mem + BUF2, 64, 0, mem + OV2);
        k.device("COM10").unplug(Win32.ERROR_DEVICE_REMOVED, Win32.ERROR_BAD_COMMAND);
        long[] p = next();
        assertEquals(Win32.ERROR_DEVICE_REMOVED, p[3]);
        assertFalse(k.ReadFile(a, mem + BUF2, 64, 0, mem + OV2));
        assertEquals(Win32.ERROR_BAD_COMMAND, k.getLastError());
        assertFalse(k.GetCommModemStatus(a, mem + SCRATCH));
        k.assertClean();
    }

    @Test
    void reusingAPendingOverlappedIsCaught() {
        k.ReadFile(a, mem + BUF2, 64, 0, mem + OV2);
        k.ReadFile(a, mem + BUF, 64, 0, mem + OV2);
        assertThrows(AssertionError.class, k::assertClean);
    }

    @Test
    void aBufferStillUsedByAReadIsCaught() {
        k.ReadFile(a, mem + BUF2, 64, 0, mem + OV2);
        k.WriteFile(a, mem + BUF2 + 8, 4, 0, mem + OV1);
        assertThrows(AssertionError.class, k::assertClean);
    }

    @Test
    void freeingMemoryWithAPendingOverlappedIsCaughtAndTheMemoryKept() {
        k.ReadFile(a, mem + BUF2, 64, 0, mem + OV2);
        k.free(mem);
        assertThrows(AssertionError.class, k::assertClean);
        assertEquals(4096, k.allocatedBytes(), "not freed under the kernel");
    }

    @Test
    void releasingABufferInFlightIsCaught() {
        k.ReadFile(a, mem + BUF2, 64, 0, mem + OV2);
        k.checkReleasable(mem + BUF2, 64, "test buffer");
        assertThrows(AssertionError.class, k::assertClean);
    }

    @Test
    void cancellationIsAsynchronous() {
        k.ReadFile(a, mem + BUF2, 64, 0, mem + OV2);
        k.holdCancellations();
        assertTrue(k.CancelIoEx(a, mem + OV2), "the request is accepted");
        assertFalse(k.GetQueuedCompletionStatusEx(port, mem + ENTRIES, 1, mem + REMOVED, 0, false),
                "no packet yet when CancelIoEx returns");
        k.releaseCancellations();
        long[] p = next();
        assertEquals(mem + OV2, p[1]);
        assertEquals(Win32.ERROR_OPERATION_ABORTED, p[3]);
        assertFalse(k.CancelIoEx(a, 0), "CancelIoEx(h, NULL) with nothing pending");
        assertEquals(Win32.ERROR_NOT_FOUND, k.getLastError());
        k.assertClean();
    }

    @Test
    void closeHandleWithIoPendingCancelsIt() {
        k.ReadFile(a, mem + BUF2, 64, 0, mem + OV2);
        assertTrue(k.SetCommMask(a, Win32.EV_CTS));
        k.WaitCommEvent(a, mem + SCRATCH, mem + OV3);
        assertTrue(k.CloseHandle(a));
        long[] first = next();
        long[] second = next();
        assertEquals(Win32.ERROR_OPERATION_ABORTED, first[3]);
        assertEquals(Win32.ERROR_OPERATION_ABORTED, second[3]);
        assertEquals(0, k.liveOperations());
        k.assertClean();
    }

    @Test
    void aReadEndedByItsIntervalTimeoutCompletesWithStatusTimeoutASuccess() {
        k.ReadFile(b, mem + BUF2, 64, 0, mem + OV2);
        k.device("COM11").receive((byte) 9, (byte) 8, (byte) 7);
        long[] r = next();
        assertEquals(3, r[2]);
        assertEquals(0, r[3], "GetOverlappedResult succeeds");
        assertEquals(SimKernel.STATUS_TIMEOUT, (int) PlatformDependent.getLong(mem + OV2), "serial.sys's status");
        assertEquals(3, PlatformDependent.getInt(mem + SCRATCH), "the bytes are reported");
        k.assertClean();
    }

    @Test
    void aBreakRaisesEvBreakAndAFramingErrorEvErr() {
        long bMask = mem + SCRATCH + 8;
        assertTrue(k.SetCommMask(b, Win32.EV_BREAK | Win32.EV_ERR));
        k.WaitCommEvent(b, bMask, mem + OV3);
        assertTrue(k.SetCommBreak(a));
        next();
        assertEquals(Win32.EV_BREAK, PlatformDependent.getInt(bMask), "a break is not EV_ERR");
        k.WaitCommEvent(b, bMask, mem + OV3);
        k.device("COM11").lineError(Win32.CE_FRAME);
        next();
        assertEquals(Win32.EV_ERR, PlatformDependent.getInt(bMask));
        assertTrue(k.ClearCommError(b, mem + SCRATCH, 0));
        assertEquals(Win32.CE_BREAK | Win32.CE_FRAME, PlatformDependent.getInt(mem + SCRATCH));
        k.assertClean();
    }

    @Test
    void aDeviceCanCompleteEveryReadEmpty() {
        k.device("COM10").zeroByteReads(true);
        assertTrue(k.ReadFile(a, mem + BUF2, 64, 0, mem + OV2), "done at once");
        long[] r = next();
        assertEquals(0, r[2]);
        assertEquals(0, r[3]);
        assertEquals(1, k.readFileCalls());
        k.assertClean();
    }

    @Test
    void aHungDriverNeverCompletesEvenOnCancelOrClose() {
        k.ReadFile(a, mem + BUF2, 64, 0, mem + OV2);
        k.device("COM10").unplugNeverCompleting(Win32.ERROR_BAD_COMMAND);
        assertTrue(k.CancelIoEx(a, 0));
        assertFalse(k.SetCommMask(a, 0));
        assertEquals(Win32.ERROR_BAD_COMMAND, k.getLastError());
        assertTrue(k.CloseHandle(a));
        assertFalse(k.GetQueuedCompletionStatusEx(port, mem + ENTRIES, 1, mem + REMOVED, 50, false));
        assertEquals(1, k.liveOperations());
        k.free(mem);
        assertThrows(AssertionError.class, k::assertClean);
        assertEquals(4096, k.allocatedBytes(), "kept: the kernel may still write there");
    }

    @Test
    void aTruncatedHandleIsCaught() {
        assertFalse(k.ReadFile((int) a, mem + BUF2, 64, 0, mem + OV2));
        assertEquals(Win32.ERROR_INVALID_HANDLE, k.getLastError());
        assertThrows(AssertionError.class, k::assertClean);
    }

    @Test
    void comTenAndUpNeedTheDevicePrefixAndPortsAreExclusive() {
        assertEquals(Win32.INVALID_HANDLE_VALUE, k.CreateFileW("COM10", 0, 0, 0, Win32.OPEN_EXISTING, 0, 0));
        assertEquals(Win32.ERROR_FILE_NOT_FOUND, k.getLastError());
        assertEquals(Win32.INVALID_HANDLE_VALUE, k.CreateFileW("\\\\.\\COM10", 0, 0, 0, Win32.OPEN_EXISTING, 0, 0));
        assertEquals(Win32.ERROR_ACCESS_DENIED, k.getLastError());
    }
}
