package io.github.nettyserial.windows;

import com.sun.jna.Native;
import com.sun.jna.NativeLibrary;
import com.sun.jna.WString;

/**
 * kernel32 through JNA direct mapping ({@link Native#register}): static natives with only
 * {@code long}/{@code int}/{@code boolean} arguments, so a call allocates nothing and no JNA
 * {@code Structure} is synchronised behind the kernel's back. Every {@code HANDLE} and pointer is a
 * {@code long}. No method declares {@code LastErrorException}: ERROR_IO_PENDING and WAIT_TIMEOUT are
 * normal results; JNA saves the last error after every call for {@link Native#getLastError()}.
 *
 * <p>Registration happens when this class is initialised, which only {@link JnaWin32} does, only on
 * Windows; the rest of the backend loads on any platform.
 */
final class Kernel32 {
    static {
        Native.register(Kernel32.class, NativeLibrary.getInstance("kernel32"));
    }

    private Kernel32() {
    }

    static native long CreateFileW(WString fileName, int desiredAccess, int shareMode, long securityAttributes,
                                   int creationDisposition, int flagsAndAttributes, long templateFile);

    static native boolean CloseHandle(long handle);

    static native long CreateIoCompletionPort(long file, long existingPort, long completionKey, int concurrentThreads);

    static native boolean GetQueuedCompletionStatusEx(long port, long entries, int count, long removed, int millis,
                                                      boolean alertable);

    static native boolean PostQueuedCompletionStatus(long port, int bytes, long completionKey, long overlapped);

    static native boolean ReadFile(long file, long buffer, int length, long bytesRead, long overlapped);

    static native boolean WriteFile(long file, long buffer, int length, long bytesWritten, long overlapped);

    static native boolean CancelIoEx(long file, long overlapped);

    static native boolean GetOverlappedResult(long file, long overlapped, long bytesTransferred, boolean wait);

    static native boolean GetCommState(long file, long dcb);

    static native boolean SetCommState(long file, long dcb);

    static native boolean SetCommTimeouts(long file, long commTimeouts);

    static native boolean SetCommMask(long file, int mask);

    static native boolean WaitCommEvent(long file, long eventMask, long overlapped);

    static native boolean ClearCommError(long file, long errors, long comStat);

    static native boolean PurgeComm(long file, int flags);

    static native boolean EscapeCommFunction(long file, int function);

    static native boolean SetCommBreak(long file);

    static native boolean ClearCommBreak(long file);

    static native boolean GetCommModemStatus(long file, long modemStatus);
}
