package io.github.nettyserial.windows;

/**
 * The narrow slice of the Win32 API the IOCP backend uses, one method per kernel32 function, with the
 * kernel32 names and argument order. Every {@code HANDLE}, pointer and {@code ULONG_PTR} is a Java
 * {@code long} (a 64-bit {@code HANDLE} cut to 32 bits is the "[Error 6] The handle is invalid" bug);
 * {@code DWORD}/{@code BOOL} are {@code int}/{@code boolean}. Structs are passed as addresses of native
 * memory laid out as in {@link Win32Structs} and {@link Dcb}.
 *
 * <p>Two implementations: {@link JnaWin32} (direct-mapped kernel32 on Windows) and the simulated kernel in
 * the tests, which runs the whole backend on Linux. Calls that fail return {@code false} (or
 * {@link #INVALID_HANDLE_VALUE}) and leave the reason in {@link #getLastError()}, as kernel32 does.
 */
public interface Win32 {

    long INVALID_HANDLE_VALUE = -1L;

    int GENERIC_READ = 0x80000000;
    int GENERIC_WRITE = 0x40000000;
    int OPEN_EXISTING = 3;
    int FILE_FLAG_OVERLAPPED = 0x40000000;

    // Win32 error codes this backend names.
    int ERROR_FILE_NOT_FOUND = 2;
    int ERROR_PATH_NOT_FOUND = 3;
    int ERROR_ACCESS_DENIED = 5;
    int ERROR_INVALID_HANDLE = 6;
    int ERROR_NOT_READY = 21;
    int ERROR_BAD_COMMAND = 22;
    int ERROR_GEN_FAILURE = 31;
    int ERROR_SHARING_VIOLATION = 32;
    int ERROR_NOT_SUPPORTED = 50;
    int ERROR_INVALID_PARAMETER = 87;
    int ERROR_BROKEN_PIPE = 109;
    int ERROR_INVALID_NAME = 123;
    int WAIT_TIMEOUT = 258;
    int ERROR_OPERATION_ABORTED = 995;
    int ERROR_IO_PENDING = 997;
    int ERROR_NOT_FOUND = 1168;
    int ERROR_DEVICE_REMOVED = 1617;

    // SetCommMask / WaitCommEvent.
    int EV_RXCHAR = 0x1;
    int EV_CTS = 0x8;
    int EV_DSR = 0x10;
    int EV_RLSD = 0x20;
    int EV_BREAK = 0x40;
    int EV_ERR = 0x80;
    int EV_RING = 0x100;

    // GetCommModemStatus.
    int MS_CTS_ON = 0x10;
    int MS_DSR_ON = 0x20;
    int MS_RING_ON = 0x40;
    int MS_RLSD_ON = 0x80;

    // EscapeCommFunction.
    int SETRTS = 3;
    int CLRRTS = 4;
    int SETDTR = 5;
    int CLRDTR = 6;

    // PurgeComm (CLEAR only: the ABORT flags would cancel the channel's own read and write).
    int PURGE_TXCLEAR = 0x4;
    int PURGE_RXCLEAR = 0x8;

    // ClearCommError error bits.
    int CE_RXOVER = 0x1;
    int CE_OVERRUN = 0x2;
    int CE_RXPARITY = 0x4;
    int CE_FRAME = 0x8;
    int CE_BREAK = 0x10;

    /** {@code CreateFileW}; returns {@link #INVALID_HANDLE_VALUE} on failure. */
    long CreateFileW(String fileName, int desiredAccess, int shareMode, long securityAttributes,
                     int creationDisposition, int flagsAndAttributes, long templateFile);

    boolean CloseHandle(long handle);

    /** Creates a port ({@code file} = {@link #INVALID_HANDLE_VALUE}) or associates {@code file} with one; 0 on failure. */
    long CreateIoCompletionPort(long file, long existingPort, long completionKey, int concurrentThreads);

    /** Dequeues up to {@code count} OVERLAPPED_ENTRYs into {@code entries}; the number goes to the ULONG at {@code removed}. */
    boolean GetQueuedCompletionStatusEx(long port, long entries, int count, long removed, int millis, boolean alertable);

    boolean PostQueuedCompletionStatus(long port, int bytes, long completionKey, long overlapped);

    boolean ReadFile(long file, long buffer, int length, long bytesRead, long overlapped);

    boolean WriteFile(long file, long buffer, int length, long bytesWritten, long overlapped);

    boolean CancelIoEx(long file, long overlapped);

    boolean GetOverlappedResult(long file, long overlapped, long bytesTransferred, boolean wait);

    boolean GetCommState(long file, long dcb);

    boolean SetCommState(long file, long dcb);

    boolean SetCommTimeouts(long file, long commTimeouts);

    boolean SetCommMask(long file, int mask);

    boolean WaitCommEvent(long file, long eventMask, long overlapped);

    boolean ClearCommError(long file, long errors, long comStat);

    boolean PurgeComm(long file, int flags);

    boolean EscapeCommFunction(long file, int function);

    boolean SetCommBreak(long file);

    boolean ClearCommBreak(long file);

    boolean GetCommModemStatus(long file, long modemStatus);

    /** The calling thread's last error, as kernel32 left it after the previous call. */
    int getLastError();

    /**
     * Native memory that never moves, for OVERLAPPEDs, event masks and structs ({@code HeapAlloc} in spirit;
     * the simulated kernel checks that nothing it still uses is freed).
     */
    long allocate(long size);

    /** Frees memory from {@link #allocate(long)}. */
    void free(long address);
}
