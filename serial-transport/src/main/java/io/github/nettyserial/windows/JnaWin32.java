package io.github.nettyserial.windows;

import com.sun.jna.Native;
import com.sun.jna.WString;

/** The real kernel32, through the direct-mapped {@link Kernel32}. Only instantiate on Windows. */
final class JnaWin32 implements Win32 {

    static final JnaWin32 INSTANCE = new JnaWin32();

    private JnaWin32() {
    }

    @Override
    public long CreateFileW(String fileName, int desiredAccess, int shareMode, long securityAttributes,
                            int creationDisposition, int flagsAndAttributes, long templateFile) {
        return Kernel32.CreateFileW(new WString(fileName), desiredAccess, shareMode, securityAttributes,
                creationDisposition, flagsAndAttributes, templateFile);
    }

    @Override
    public boolean CloseHandle(long handle) {
        return Kernel32.CloseHandle(handle);
    }

    @Override
    public long CreateIoCompletionPort(long file, long existingPort, long completionKey, int concurrentThreads) {
        return Kernel32.CreateIoCompletionPort(file, existingPort, completionKey, concurrentThreads);
    }

    @Override
    public boolean GetQueuedCompletionStatusEx(long port, long entries, int count, long removed, int millis,
                                               boolean alertable) {
        return Kernel32.GetQueuedCompletionStatusEx(port, entries, count, removed, millis, alertable);
    }

    @Override
    public boolean PostQueuedCompletionStatus(long port, int bytes, long completionKey, long overlapped) {
        return Kernel32.PostQueuedCompletionStatus(port, bytes, completionKey, overlapped);
    }

    @Override
    public boolean ReadFile(long file, long buffer, int length, long bytesRead, long overlapped) {
        return Kernel32.ReadFile(file, buffer, length, bytesRead, overlapped);
    }

    @Override
    public boolean WriteFile(long file, long buffer, int length, long bytesWritten, long overlapped) {
        return Kernel32.WriteFile(file, buffer, length, bytesWritten, overlapped);
    }

    @Override
    public boolean CancelIoEx(long file, long overlapped) {
        return Kernel32.CancelIoEx(file, overlapped);
    }

    @Override
    public boolean GetOverlappedResult(long file, long overlapped, long bytesTransferred, boolean wait) {
        return Kernel32.GetOverlappedResult(file, overlapped, bytesTransferred, wait);
    }

    @Override
    public boolean GetCommState(long file, long dcb) {
        return Kernel32.GetCommState(file, dcb);
    }

    @Override
    public boolean SetCommState(long file, long dcb) {
        return Kernel32.SetCommState(file, dcb);
    }

    @Override
    public boolean SetCommTimeouts(long file, long commTimeouts) {
        return Kernel32.SetCommTimeouts(file, commTimeouts);
    }

    @Override
    public boolean SetCommMask(long file, int mask) {
        return Kernel32.SetCommMask(file, mask);
    }

    @Override
    public boolean WaitCommEvent(long file, long eventMask, long overlapped) {
        return Kernel32.WaitCommEvent(file, eventMask, overlapped);
    }

    @Override
    public boolean ClearCommError(long file, long errors, long comStat) {
        return Kernel32.ClearCommError(file, errors, comStat);
    }

    @Override
    public boolean PurgeComm(long file, int flags) {
        return Kernel32.PurgeComm(file, flags);
    }

    @Override
    public boolean EscapeCommFunction(long file, int function) {
        return Kernel32.EscapeCommFunction(file, function);
    }

    @Override
    public boolean SetCommBreak(long file) {
        return Kernel32.SetCommBreak(file);
    }

    @Override
    public boolean ClearCommBreak(long file) {
        return Kernel32.ClearCommBreak(file);
    }

    @Override
    public boolean GetCommModemStatus(long file, long modemStatus) {
        return Kernel32.GetCommModemStatus(file, modemStatus);
    }

    @Override
    public int getLastError() {
        return Native.getLastError();
    }

    @Override
    public long allocate(long size) {
        long address = Native.malloc(size);
        if (address == 0) {
            throw new OutOfMemoryError("native allocation of " + size + " bytes failed");
        }
        return address;
    }

    @Override
    public void free(long address) {
        Native.free(address);
    }
}
