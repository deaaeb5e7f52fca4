/*
 * win32host: runs kernel32 calls under Wine on behalf of a Linux JVM (the test-scope WineWin32).
 *
 * Usage: win32host.exe <shared-file> <size>
 * Maps <shared-file> (a Windows path to a file the JVM has mapped too), listens on 127.0.0.1 (any port) and
 * prints "READY <tcp-port> <view-address-hex>" on stdout. Every accepted connection gets its own thread, so
 * a call that blocks (GetQueuedCompletionStatusEx) holds only its caller, and GetLastError stays per caller
 * as on Windows. The process exits when its stdin closes (the JVM is gone).
 *
 * Wire format, little endian. Request: u32 length (whole request), u32 op, u64 arg[7], then for
 * CreateFileW the name as UTF-16 without terminator. Reply: u64 result, u32 GetLastError(), u32 0.
 * Pointers arrive already translated into this process's view of the shared file; nothing is copied.
 */
#include <winsock2.h>
#include <ws2tcpip.h>
#include <windows.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>

enum {
    OP_CREATE_FILE = 1, OP_CLOSE_HANDLE, OP_CREATE_IOCP, OP_GQCS_EX, OP_POST_QCS, OP_READ_FILE, OP_WRITE_FILE,
    OP_CANCEL_IO_EX, OP_GET_OVERLAPPED_RESULT, OP_GET_COMM_STATE, OP_SET_COMM_STATE, OP_SET_COMM_TIMEOUTS,
    OP_SET_COMM_MASK, OP_WAIT_COMM_EVENT, OP_CLEAR_COMM_ERROR, OP_PURGE_COMM, OP_ESCAPE_COMM_FUNCTION,
    OP_SET_COMM_BREAK, OP_CLEAR_COMM_BREAK, OP_GET_COMM_MODEM_STATUS
};

#define NAME_MAX_CHARS 1024

#pragma pack(push, 1)
typedef struct {
    uint32_t length;
    uint32_t op;
    uint64_t arg[7];
} request;

typedef struct {
    uint64_t result;
    uint32_t error;
    uint32_t reserved;
} reply;
#pragma pack(pop)

static int recv_all(SOCKET s, void *p, int n) {
    char *c = p;
    while (n > 0) {
        int r = recv(s, c, n, 0);
        if (r <= 0) return 0;
        c += r;
        n -= r;
    }
    return 1;
}

static int send_all(SOCKET s, const void *p, int n) {
    const char *c = p;
    while (n > 0) {
        int r = send(s, c, n, 0);
        if (r <= 0) return 0;
        c += r;
        n -= r;
    }
    return 1;
}

#define H(i) ((HANDLE)(uintptr_t)q->arg[i])
#define P(i) ((void *)(uintptr_t)q->arg[i])
#define D(i) ((DWORD)q->arg[i])

static uint64_t call(const request *q, const WCHAR *name) {
    switch (q->op) {
    case OP_CREATE_FILE:
        return (uint64_t)(uintptr_t)CreateFileW(name, D(0), D(1), P(2), D(3), D(4), H(5));
    case OP_CLOSE_HANDLE:
        return CloseHandle(H(0));
    case OP_CREATE_IOCP:
        return (uint64_t)(uintptr_t)CreateIoCompletionPort(H(0), H(1), (ULONG_PTR)q->arg[2], D(3));
    case OP_GQCS_EX:
        return GetQueuedCompletionStatusEx(H(0), P(1), D(2), P(3), D(4), (BOOL)q->arg[5]);
    case OP_POST_QCS:
        return PostQueuedCompletionStatus(H(0), D(1), (ULONG_PTR)q->arg[2], P(3));
    case OP_READ_FILE:
        return ReadFile(H(0), P(1), D(2), P(3), P(4));
    case OP_WRITE_FILE:
        return WriteFile(H(0), P(1), D(2), P(3), P(4));
    case OP_CANCEL_IO_EX:
        return CancelIoEx(H(0), P(1));
    case OP_GET_OVERLAPPED_RESULT:
        return GetOverlappedResult(H(0), P(1), P(2), (BOOL)q->arg[3]);
    case OP_GET_COMM_STATE:
        return GetCommState(H(0), P(1));
    case OP_SET_COMM_STATE:
        return SetCommState(H(0), P(1));
    case OP_SET_COMM_TIMEOUTS:
        return SetCommTimeouts(H(0), P(1));
    case OP_SET_COMM_MASK:
        return SetCommMask(H(0), D(1));
    case OP_WAIT_COMM_EVENT:
        return WaitCommEvent(H(0), P(1), P(2));
    case OP_CLEAR_COMM_ERROR:
        return ClearCommError(H(0), P(1), P(2));
    case OP_PURGE_COMM:
        return PurgeComm(H(0), D(1));
    case OP_ESCAPE_COMM_FUNCTION:
        return EscapeCommFunction(H(0), D(1));
    case OP_SET_COMM_BREAK:
        return SetCommBreak(H(0));
    case OP_CLEAR_COMM_BREAK:
        return ClearCommBreak(H(0));
    case OP_GET_COMM_MODEM_STATUS:
        return GetCommModemStatus(H(0), P(1));
    default:
        SetLastError(ERROR_INVALID_FUNCTION);
        return 0;
    }
}

/* One JVM thread's calls, one at a time, in order. */
static DWORD WINAPI serve(void *arg) {
    SOCKET s = (SOCKET)(uintptr_t)arg;
    WCHAR name[NAME_MAX_CHARS + 1];
    request q;
    while (recv_all(s, &q, sizeof q)) {
        uint32_t extra = q.length - (uint32_t)sizeof q;
        if (q.length < sizeof q || extra > NAME_MAX_CHARS * sizeof(WCHAR) || (extra & 1)) break;
        if (extra && !recv_all(s, name, (int)extra)) break;
        name[extra / sizeof(WCHAR)] = 0;
        SetLastError(0);
        reply r = {0, 0, 0};
        r.result = call(&q, name);
        r.error = GetLastError();
        if (!send_all(s, &r, sizeof r)) break;
    }
    closesocket(s);
    return 0;
}

/* Ends the process when the JVM closes our stdin (it exited, or is done with us). */
static DWORD WINAPI watch_stdin(void *unused) {
    char b[64];
    DWORD n;
    HANDLE in = GetStdHandle(STD_INPUT_HANDLE);
    (void)unused;
    while (ReadFile(in, b, sizeof b, &n, NULL) && n > 0) {
    }
    ExitProcess(0);
    return 0;
}

static int die(const char *what) {
    printf("FAILED %s: error %lu\n", what, (unsigned long)GetLastError());
    fflush(stdout);
    return 1;
}

int main(int argc, char **argv) {
    if (argc != 3) {
        printf("FAILED usage: win32host.exe <shared-file> <size>\n");
        return 2;
    }
    unsigned long long size = strtoull(argv[2], NULL, 10);
    HANDLE f = CreateFileA(argv[1], GENERIC_READ | GENERIC_WRITE, FILE_SHARE_READ | FILE_SHARE_WRITE, NULL,
                           OPEN_EXISTING, 0, NULL);
    if (f == INVALID_HANDLE_VALUE) return die("open shared file");
    HANDLE m = CreateFileMappingW(f, NULL, PAGE_READWRITE, (DWORD)(size >> 32), (DWORD)size, NULL);
    if (!m) return die("CreateFileMappingW");
    void *view = MapViewOfFile(m, FILE_MAP_ALL_ACCESS, 0, 0, (SIZE_T)size);
    if (!view) return die("MapViewOfFile");

    WSADATA wsa;
    if (WSAStartup(MAKEWORD(2, 2), &wsa)) return die("WSAStartup");
    SOCKET l = socket(AF_INET, SOCK_STREAM, IPPROTO_TCP);
    struct sockaddr_in a;
    memset(&a, 0, sizeof a);
    a.sin_family = AF_INET;
    a.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    int alen = sizeof a;
    if (l == INVALID_SOCKET || bind(l, (struct sockaddr *)&a, sizeof a) || listen(l, 64)
        || getsockname(l, (struct sockaddr *)&a, &alen)) {
        return die("listen on 127.0.0.1");
    }
    CloseHandle(CreateThread(NULL, 0, watch_stdin, NULL, 0, NULL));
    printf("READY %u %llx\n", ntohs(a.sin_port), (unsigned long long)(uintptr_t)view);
    fflush(stdout);
    for (;;) {
        SOCKET c = accept(l, NULL, NULL);
        if (c == INVALID_SOCKET) return die("accept");
        int one = 1;
        setsockopt(c, IPPROTO_TCP, TCP_NODELAY, (const char *)&one, sizeof one);
        HANDLE t = CreateThread(NULL, 256 * 1024, serve, (void *)(uintptr_t)c, 0, NULL);
        if (!t) return die("CreateThread");
        CloseHandle(t);
    }
}
