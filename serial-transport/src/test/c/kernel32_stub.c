/*
 * A recording stand-in for kernel32, built and loaded on Linux by BindingsTest in place of the real DLL
 * (which cannot load there). Each function has the Windows prototype with fixed-width types: HANDLE,
 * pointers and ULONG_PTR are 64 bits, DWORD/ULONG 32, BOOL an int. It records the name and the arguments
 * exactly as they arrived, and returns a 64-bit handle (above 2^32) or TRUE, so a value cut anywhere
 * between the Java caller and this declaration shows up in the record.
 */
#include <stdint.h>
#include <string.h>
#include <wchar.h>

typedef uint64_t HANDLE;
typedef uint64_t PTR;
typedef uint32_t DWORD;
typedef int32_t BOOL;

#define RETURNED_HANDLE 0x7FFE00000000ABC4ULL

static char last_name[64];
static uint64_t last_args[8];
static int last_count;
static char last_text[256];

static void record(const char *name, int n, const uint64_t *args) {
    strncpy(last_name, name, sizeof last_name - 1);
    last_count = n;
    for (int i = 0; i < n && i < 8; i++) {
        last_args[i] = args[i];
    }
}

const char *stub_name(void) { return last_name; }
int stub_count(void) { return last_count; }
uint64_t stub_arg(int i) { return last_args[i]; }
const char *stub_text(void) { return last_text; }
uint64_t stub_returned_handle(void) { return RETURNED_HANDLE; }

#define R(name, n, ...) do { uint64_t a[] = {__VA_ARGS__}; record(name, n, a); } while (0)

HANDLE CreateFileW(const wchar_t *name, DWORD access, DWORD share, PTR sa, DWORD disp, DWORD flags, HANDLE tmpl) {
    size_t i = 0;
    for (; name[i] != 0 && i < sizeof last_text - 1; i++) {
        last_text[i] = (char) name[i];
    }
    last_text[i] = 0;
    R("CreateFileW", 7, (uint64_t) (uintptr_t) name, access, share, sa, disp, flags, tmpl);
    return RETURNED_HANDLE;
}
BOOL CloseHandle(HANDLE h) { R("CloseHandle", 1, h); return 1; }
HANDLE CreateIoCompletionPort(HANDLE file, HANDLE port, PTR key, DWORD threads) {
    R("CreateIoCompletionPort", 4, file, port, key, threads);
    return RETURNED_HANDLE;
}
BOOL GetQueuedCompletionStatusEx(HANDLE port, PTR entries, DWORD count, PTR removed, DWORD ms, BOOL alertable) {
    R("GetQueuedCompletionStatusEx", 6, port, entries, count, removed, ms, (uint32_t) alertable);
    return 1;
}
BOOL PostQueuedCompletionStatus(HANDLE port, DWORD bytes, PTR key, PTR ov) {
    R("PostQueuedCompletionStatus", 4, port, bytes, key, ov);
    return 1;
}
BOOL ReadFile(HANDLE h, PTR buf, DWORD n, PTR nread, PTR ov) { R("ReadFile", 5, h, buf, n, nread, ov); return 1; }
BOOL WriteFile(HANDLE h, PTR buf, DWORD n, PTR nwritten, PTR ov) { R("WriteFile", 5, h, buf, n, nwritten, ov); return 1; }
BOOL CancelIoEx(HANDLE h, PTR ov) { R("CancelIoEx", 2, h, ov); return 1; }
BOOL GetOverlappedResult(HANDLE h, PTR ov, PTR n, BOOL wait) {
    R("GetOverlappedResult", 4, h, ov, n, (uint32_t) wait);
    return 1;
}
BOOL GetCommState(HANDLE h, PTR dcb) { R("GetCommState", 2, h, dcb); return 1; }
BOOL SetCommState(HANDLE h, PTR dcb) { R("SetCommState", 2, h, dcb); return 1; }
BOOL SetCommTimeouts(HANDLE h, PTR t) { R("SetCommTimeouts", 2, h, t); return 1; }
BOOL SetCommMask(HANDLE h, DWORD mask) { R("SetCommMask", 2, h, mask); return 1; }
BOOL WaitCommEvent(HANDLE h, PTR mask, PTR ov) { R("WaitCommEvent", 3, h, mask, ov); return 1; }
BOOL ClearCommError(HANDLE h, PTR errors, PTR stat) { R("ClearCommError", 3, h, errors, stat); return 1; }
BOOL PurgeComm(HANDLE h, DWORD flags) { R("PurgeComm", 2, h, flags); return 1; }
BOOL EscapeCommFunction(HANDLE h, DWORD f) { R("EscapeCommFunction", 2, h, f); return 1; }
BOOL SetCommBreak(HANDLE h) { R("SetCommBreak", 1, h); return 1; }
BOOL ClearCommBreak(HANDLE h) { R("ClearCommBreak", 1, h); return 1; }
BOOL GetCommModemStatus(HANDLE h, PTR stat) { R("GetCommModemStatus", 2, h, stat); return 1; }
