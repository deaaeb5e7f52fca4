/*
 * ptybench: the C side of netty-serial's benchmarks (built with gcc by the benchmark at run time).
 *
 *   ptybench device N                   the "device end": N pseudo-terminals, driven by commands on stdin
 *   ptybench app-rtt PATH SIZE COUNT    the C floor's pinger: epoll ping-pong on a port, one RTT (ns) per line,
 *                                       then "CPU usec" (its user+sys time)
 *   ptybench app-read PATH BYTES        the C floor's reader: ns from first to last byte
 *   ptybench app-write PATH CHUNK BYTES the C floor's writer
 *   ptybench app-both PATH CHUNK BYTES  the C floor writing and reading at once (starts on "go" from stdin)
 *   ptybench app-fanout SIZE ROUNDS PATH...  one round trip on every port at once, ns per round
 *   ptybench app-echo PATHS_FILE        the scale scenario's floor: echoes on every port listed in the file with
 *                                       one epoll loop, speaking the same stdin protocol as ScaleWorker
 *   ptybench waits ROUNDS               on its own (a pty of its own, a forked child echoing on the master): 1-byte
 *                                       round trips with five ways of waiting for the echo, alternating every
 *                                       5,000, ROUNDS rounds each after 3 unrecorded; prints p50/p90/p99 of each
 *                                       (docs/performance.md, "Busy polling")
 *
 * The device end is the same process for every contender, so a contender's figures differ only by its own
 * (application) side. Device commands, one per line: echo | idle | ping SIZE MILLIS [FROM TO] | source CHUNK BYTES |
 * sink BYTES | both CHUNK BYTES | flush | quit. Each answers one line on stdout.
 */
#define _GNU_SOURCE
#include <errno.h>
#include <fcntl.h>
#include <poll.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/epoll.h>
#include <sys/resource.h>
#include <sys/times.h>
#include <termios.h>
#include <time.h>
#include <unistd.h>

#define BUF (64 * 1024)

static unsigned char buf[BUF];
static unsigned char out[BUF];

static long long now_ns(void) {
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return ts.tv_sec * 1000000000LL + ts.tv_nsec;
}

static void die(const char *what) {
    fprintf(stderr, "ptybench: %s: %s\n", what, strerror(errno));
    exit(2);
}

static void make_raw(int fd) {
    struct termios t;
    if (tcgetattr(fd, &t) < 0) die("tcgetattr");
    cfmakeraw(&t);
    t.c_cc[VMIN] = 1;
    t.c_cc[VTIME] = 0;
    if (tcsetattr(fd, TCSANOW, &t) < 0) die("tcsetattr");
}

static int open_port(const char *path) {
    int fd = open(path, O_RDWR | O_NOCTTY | O_NONBLOCK | O_CLOEXEC);
    if (fd < 0) die(path);
    make_raw(fd);
    return fd;
}

/* Writes all of b, waiting for POLLOUT when the kernel queue is full. */
static void write_all(int fd, const unsigned char *b, size_t n) {
    while (n > 0) {
        ssize_t w = write(fd, b, n);
        if (w > 0) { b += w; n -= (size_t) w; continue; }
        if (w < 0 && errno != EAGAIN && errno != EINTR) die("write");
        struct pollfd p = { .fd = fd, .events = POLLOUT };
        poll(&p, 1, 1000);
    }
}

static int epoll_add(int ep, int fd, unsigned events, unsigned long long data) {
    struct epoll_event ev = { .events = events, .data.u64 = data };
    return epoll_ctl(ep, EPOLL_CTL_ADD, fd, &ev);
}

static void epoll_mod(int ep, int fd, unsigned events, unsigned long long data) {
    struct epoll_event ev = { .events = events, .data.u64 = data };
    if (epoll_ctl(ep, EPOLL_CTL_MOD, fd, &ev) < 0) die("epoll_ctl");
}

/* ---------------------------------------------------------------- device end */

enum mode { M_IDLE, M_ECHO, M_PING, M_SOURCE, M_SINK, M_BOTH };
#define STDIN_KEY 0xffffffffULL

static void device(int n) {
    int *master = calloc((size_t) n, sizeof(int));
    int *slave = calloc((size_t) n, sizeof(int));
    long *pending = calloc((size_t) n, sizeof(long));
    int ep = epoll_create1(EPOLL_CLOEXEC);
    if (ep < 0) die("epoll_create1");
    printf("PTS");
    for (int i = 0; i < n; i++) {
        int m = posix_openpt(O_RDWR | O_NOCTTY | O_NONBLOCK | O_CLOEXEC);
        if (m < 0 || grantpt(m) < 0 || unlockpt(m) < 0) die("posix_openpt");
        const char *name = ptsname(m);
        /* Keep one slave fd open so the master never sees a hang-up between contenders. */
        slave[i] = open_port(name);
        master[i] = m;
        if (epoll_add(ep, m, EPOLLIN, (unsigned long long) i) < 0) die("epoll_ctl");
        printf(" %s", name);
    }
    printf("\n");
    fflush(stdout);
    if (epoll_add(ep, 0, EPOLLIN, STDIN_KEY) < 0) die("epoll_ctl stdin");

    enum mode mode = M_IDLE;
    long long deadline = 0, t0 = 0, first = 0, last = 0, rts = 0;
    long size = 0, chunk = 0, to_send = 0, to_recv = 0;
    char line[256];
    size_t linelen = 0;
    struct epoll_event evs[256];
    memset(out, 'x', sizeof out);

    for (;;) {
        int timeout = -1;
        if (mode == M_PING) {
            long long left = deadline - now_ns();
            timeout = left <= 0 ? 0 : (int) (left / 1000000) + 1;
        }
        int k = epoll_wait(ep, evs, 256, timeout);
        if (k < 0 && errno != EINTR) die("epoll_wait");
        if (mode == M_PING && now_ns() >= deadline) {
            printf("PING %lld %lld\n", rts, now_ns() - t0);
            fflush(stdout);
            mode = M_IDLE;
        }
        for (int e = 0; e < k; e++) {
            unsigned long long key = evs[e].data.u64;
            if (key == STDIN_KEY) {
                ssize_t r = read(0, line + linelen, sizeof line - 1 - linelen);
                if (r <= 0) exit(0);
                linelen += (size_t) r;
                char *nl;
                while ((nl = memchr(line, '\n', linelen)) != NULL) {
                    *nl = 0;
                    long a = 0, b = 0;
                    if (strcmp(line, "quit") == 0) exit(0);
                    else if (strcmp(line, "echo") == 0) { mode = M_ECHO; puts("OK"); }
                    else if (strcmp(line, "idle") == 0) { mode = M_IDLE; puts("OK"); }
                    else if (strcmp(line, "flush") == 0) {
                        /* Drop whatever a previous contender left in flight, both ways. */
                        mode = M_IDLE;
                        for (int i = 0; i < n; i++) {
                            tcflush(slave[i], TCIOFLUSH);
                            while (read(master[i], buf, BUF) > 0) { }
                        }
                        puts("OK");
                    }
                    else if (sscanf(line, "ping %ld %ld", &a, &b) == 2) {
                        /* Optional range "ping SIZE MILLIS FROM TO": only ports FROM..TO-1 take part. */
                        int lo = 0, hi = n;
                        if (sscanf(line, "ping %*s %*s %d %d", &lo, &hi) != 2) { lo = 0; hi = n; }
                        mode = M_PING; size = a; rts = 0; t0 = now_ns(); deadline = t0 + b * 1000000LL;
                        for (int i = 0; i < n; i++) pending[i] = 0;
                        for (int i = lo; i < hi; i++) { pending[i] = size; write_all(master[i], out, (size_t) size); }
                    } else if (sscanf(line, "source %ld %ld", &a, &b) == 2) {
                        mode = M_SOURCE; chunk = a; to_send = b; to_recv = 0; t0 = now_ns();
                        epoll_mod(ep, master[0], EPOLLIN | EPOLLOUT, 0);
                    } else if (sscanf(line, "sink %ld", &b) == 1) {
                        mode = M_SINK; to_recv = b; to_send = 0; first = 0; puts("OK");
                    } else if (sscanf(line, "both %ld %ld", &a, &b) == 2) {
                        mode = M_BOTH; chunk = a; to_send = b; to_recv = b; t0 = now_ns();
                        epoll_mod(ep, master[0], EPOLLIN | EPOLLOUT, 0);
                    } else { printf("ERR %s\n", line); }
                    fflush(stdout);
                    size_t used = (size_t) (nl - line) + 1;
                    memmove(line, nl + 1, linelen - used);
                    linelen -= used;
                }
                continue;
            }
            int i = (int) key, fd = master[i];
            if (evs[e].events & EPOLLOUT) {
                while (to_send > 0) {
                    ssize_t w = write(fd, out, (size_t) (to_send < chunk ? to_send : chunk));
                    if (w <= 0) break;
                    to_send -= w;
                }
                if (to_send == 0) {
                    epoll_mod(ep, fd, EPOLLIN, 0);
                    if (mode == M_SOURCE) { printf("SOURCE %lld\n", now_ns() - t0); fflush(stdout); mode = M_IDLE; }
                }
            }
            if (!(evs[e].events & (EPOLLIN | EPOLLHUP | EPOLLERR))) continue;
            ssize_t r = read(fd, buf, BUF);
            if (r <= 0) {
                if (r < 0 && errno == EAGAIN) continue;
                /* EIO: the application side closed; nothing to do until it reopens. */
                continue;
            }
            switch (mode) {
            case M_ECHO:
                write_all(fd, buf, (size_t) r);
                break;
            case M_PING:
                if (pending[i] <= 0) break; /* not in the pinged range */
                pending[i] -= r;
                if (pending[i] <= 0) {
                    rts++;
                    pending[i] = size;
                    write_all(fd, out, (size_t) size);
                }
                break;
            case M_SINK:
            case M_BOTH:
                if (first == 0) first = now_ns();
                to_recv -= r;
                last = now_ns();
                if (to_recv <= 0 && mode == M_SINK) {
                    printf("SINK %lld\n", last - first); fflush(stdout); mode = M_IDLE;
                }
                break;
            default:
                break;
            }
        }
        /* Checked after every batch: the last event may be either the last write or the last read. */
        if (mode == M_BOTH && to_recv <= 0 && to_send == 0) {
            printf("BOTH %lld\n", now_ns() - t0); fflush(stdout); mode = M_IDLE;
        }
    }
}

/* ---------------------------------------------------------------- the C floor (application side) */

/* Reads until want bytes arrived on fd, sleeping in epoll_wait between readiness events. */
static void read_exactly(int ep, int fd, long want) {
    struct epoll_event ev;
    while (want > 0) {
        ssize_t r = read(fd, buf, BUF);
        if (r > 0) { want -= r; continue; }
        if (r < 0 && errno != EAGAIN && errno != EINTR) die("read");
        if (r == 0) { errno = EPIPE; die("read 0"); }
        epoll_wait(ep, &ev, 1, -1);
    }
}

static void app_rtt(const char *path, long size, long count) {
    int fd = open_port(path);
    int ep = epoll_create1(EPOLL_CLOEXEC);
    epoll_add(ep, fd, EPOLLIN, 0);
    long long *ns = malloc(sizeof(long long) * (size_t) count);
    memset(out, 'p', sizeof out);
    for (long i = 0; i < count; i++) {
        long long t = now_ns();
        write_all(fd, out, (size_t) size);
        read_exactly(ep, fd, size);
        ns[i] = now_ns() - t;
    }
    for (long i = 0; i < count; i++) printf("%lld\n", ns[i]);
    struct rusage ru;
    getrusage(RUSAGE_SELF, &ru);
    printf("CPU %ld\n", (long) (ru.ru_utime.tv_sec + ru.ru_stime.tv_sec) * 1000000L
            + ru.ru_utime.tv_usec + ru.ru_stime.tv_usec);
}

static void app_read(const char *path, long bytes) {
    int fd = open_port(path);
    int ep = epoll_create1(EPOLL_CLOEXEC);
    epoll_add(ep, fd, EPOLLIN, 0);
    puts("READY");
    fflush(stdout);
    struct epoll_event ev;
    long long first = 0;
    while (bytes > 0) {
        ssize_t r = read(fd, buf, BUF);
        if (r > 0) { if (first == 0) first = now_ns(); bytes -= r; continue; }
        epoll_wait(ep, &ev, 1, -1);
    }
    printf("NS %lld\n", now_ns() - first);
}

static void app_write(const char *path, long chunk, long bytes) {
    int fd = open_port(path);
    memset(out, 'w', sizeof out);
    while (bytes > 0) {
        long n = bytes < chunk ? bytes : chunk;
        write_all(fd, out, (size_t) n);
        bytes -= n;
    }
    puts("DONE");
}

static void app_both(const char *path, long chunk, long bytes) {
    int fd = open_port(path);
    int ep = epoll_create1(EPOLL_CLOEXEC);
    epoll_add(ep, fd, EPOLLIN | EPOLLOUT, 0);
    puts("READY");
    fflush(stdout);
    char go[16];
    if (fgets(go, sizeof go, stdin) == NULL) exit(1);
    long to_send = bytes, to_recv = bytes;
    struct epoll_event ev;
    while (to_send > 0 || to_recv > 0) {
        epoll_wait(ep, &ev, 1, -1);
        if (ev.events & EPOLLOUT) {
            while (to_send > 0) {
                ssize_t w = write(fd, out, (size_t) (to_send < chunk ? to_send : chunk));
                if (w <= 0) break;
                to_send -= w;
            }
            if (to_send == 0) epoll_mod(ep, fd, EPOLLIN, 0);
        }
        if (ev.events & EPOLLIN) {
            ssize_t r;
            while ((r = read(fd, buf, BUF)) > 0) to_recv -= r;
        }
    }
    puts("DONE");
}

static void app_fanout(long size, long rounds, int n, char **paths) {
    int *fd = malloc(sizeof(int) * (size_t) n);
    long *want = malloc(sizeof(long) * (size_t) n);
    int ep = epoll_create1(EPOLL_CLOEXEC);
    for (int i = 0; i < n; i++) { fd[i] = open_port(paths[i]); epoll_add(ep, fd[i], EPOLLIN, (unsigned long long) i); }
    struct epoll_event evs[256];
    memset(out, 'f', sizeof out);
    long long *ns = malloc(sizeof(long long) * (size_t) rounds);
    for (long r = 0; r < rounds; r++) {
        long long t = now_ns();
        for (int i = 0; i < n; i++) { want[i] = size; write_all(fd[i], out, (size_t) size); }
        int left = n;
        while (left > 0) {
            int k = epoll_wait(ep, evs, 256, -1);
            for (int e = 0; e < k; e++) {
                int i = (int) evs[e].data.u64;
                ssize_t got = read(fd[i], buf, BUF);
                if (got > 0 && want[i] > 0 && (want[i] -= got) <= 0) left--;
            }
        }
        ns[r] = now_ns() - t;
    }
    for (long r = 0; r < rounds; r++) printf("%lld\n", ns[r]);
}

/* ---------------------------------------------------------------- the scale floor (app-echo) */

/* user + system CPU of this process in clock ticks: the unit ScaleWorker reads from /proc/self/stat. */
static long cpu_ticks(void) {
    struct tms t;
    times(&t);
    return (long) (t.tms_utime + t.tms_stime);
}

static long rss_kib(void) {
    FILE *f = fopen("/proc/self/status", "r");
    char l[256];
    long kib = -1;
    while (f != NULL && fgets(l, sizeof l, f) != NULL) {
        if (strncmp(l, "VmRSS:", 6) == 0) kib = atol(l + 6);
    }
    if (f != NULL) fclose(f);
    return kib;
}

/*
 * One epoll loop echoing on every port of PATHS_FILE, one thread, like SerialChannel's single loop. Commands
 * on stdin, answers on stdout, as ScaleWorker: BASE/OPEN lines at start, then idle MILLIS, go, stop, quit.
 * The loop keeps echoing while it times an idle period, so it never stops serving.
 */
static void app_echo(const char *list) {
    FILE *f = fopen(list, "r");
    if (f == NULL) die(list);
    int cap = 64, n = 0;
    int *fd = malloc(sizeof(int) * (size_t) cap);
    char path[4096];
    printf("BASE 1 %ld\n", rss_kib());
    fflush(stdout);
    int ep = epoll_create1(EPOLL_CLOEXEC);
    if (ep < 0) die("epoll_create1");
    long long t0 = now_ns();
    while (fgets(path, sizeof path, f) != NULL) {
        path[strcspn(path, "\n")] = 0;
        if (path[0] == 0) continue;
        if (n == cap) { cap *= 2; fd = realloc(fd, sizeof(int) * (size_t) cap); }
        fd[n] = open_port(path);
        if (epoll_add(ep, fd[n], EPOLLIN, (unsigned long long) n) < 0) die("epoll_ctl");
        n++;
    }
    fclose(f);
    printf("OPEN 1 %ld %lld\n", rss_kib(), (now_ns() - t0) / 1000000);
    fflush(stdout);
    if (epoll_add(ep, 0, EPOLLIN, STDIN_KEY) < 0) die("epoll_ctl stdin");
    struct epoll_event evs[256];
    char line[256];
    size_t linelen = 0;
    long go_ticks = 0, idle_ticks = 0;
    long long idle_until = 0;
    for (;;) {
        int timeout = -1;
        if (idle_until != 0) {
            long long left = idle_until - now_ns();
            timeout = left <= 0 ? 0 : (int) (left / 1000000) + 1;
        }
        int k = epoll_wait(ep, evs, 256, timeout);
        if (k < 0 && errno != EINTR) die("epoll_wait");
        if (idle_until != 0 && now_ns() >= idle_until) {
            printf("IDLE %ld -1\n", cpu_ticks() - idle_ticks);
            fflush(stdout);
            idle_until = 0;
        }
        for (int e = 0; e < k; e++) {
            unsigned long long key = evs[e].data.u64;
            if (key != STDIN_KEY) {
                int i = (int) key;
                ssize_t r = read(fd[i], buf, BUF);
                if (r > 0) write_all(fd[i], buf, (size_t) r);
                continue;
            }
            ssize_t r = read(0, line + linelen, sizeof line - 1 - linelen);
            if (r <= 0) exit(0);
            linelen += (size_t) r;
            char *nl;
            while ((nl = memchr(line, '\n', linelen)) != NULL) {
                *nl = 0;
                long a = 0;
                if (strcmp(line, "quit") == 0) exit(0);
                else if (strcmp(line, "go") == 0) { go_ticks = cpu_ticks(); puts("OK"); }
                else if (strcmp(line, "stop") == 0) printf("CPU %ld 1\n", cpu_ticks() - go_ticks);
                else if (sscanf(line, "idle %ld", &a) == 1) { idle_ticks = cpu_ticks(); idle_until = now_ns() + a * 1000000LL; }
                else printf("ERR %s\n", line);
                fflush(stdout);
                size_t used = (size_t) (nl - line) + 1;
                memmove(line, nl + 1, linelen - used);
                linelen -= used;
            }
        }
    }
}

static int cmp_ll(const void *a, const void *b) {
    long long x = *(const long long *) a, y = *(const long long *) b;
    return x < y ? -1 : x > y;
}

/* Waits for the echo on the non-blocking fd s (registered in ep) in the given way, then reads it. */
static void wait_echo(int way, int s, int ep) {
    struct epoll_event ev;
    for (;;) {
        int n;
        if (way == 1) {
            n = epoll_wait(ep, &ev, 1, -1);
        } else if (way == 2) {
            n = epoll_wait(ep, &ev, 1, 1000);
        } else {
            long long end = now_ns() + 50000; /* way 3: poll for up to 50 us, then sleep */
            do n = epoll_wait(ep, &ev, 1, 0); while (n == 0 && now_ns() < end);
            if (n == 0) n = epoll_wait(ep, &ev, 1, -1);
        }
        if (n > 0 && read(s, buf, BUF) > 0) return;
    }
}

static void waits(int rounds) {
    static const char *names[] = {"blocking read", "epoll_wait(-1) + read", "epoll_wait(1000 ms) + read",
                                  "epoll_wait(0) for <= 50 us, then -1; + read"};
    enum { WAYS = 4, PER_ROUND = 5000 };
    int m = posix_openpt(O_RDWR | O_NOCTTY);
    if (m < 0 || grantpt(m) || unlockpt(m)) die("posix_openpt");
    int s = open(ptsname(m), O_RDWR | O_NOCTTY);
    if (s < 0) die("open pty slave");
    struct termios t;
    tcgetattr(s, &t);
    cfmakeraw(&t);
    tcsetattr(s, TCSANOW, &t);
    pid_t child = fork();
    if (child == 0) {
        for (;;) {
            ssize_t n = read(m, buf, BUF);
            if (n <= 0 || write(m, buf, (size_t) n) != n) _exit(0);
        }
    }
    int flags = fcntl(s, F_GETFL);
    int ep = epoll_create1(EPOLL_CLOEXEC);
    epoll_add(ep, s, EPOLLIN, 0);
    long long *ns[WAYS];
    for (int w = 0; w < WAYS; w++) ns[w] = malloc(sizeof(long long) * PER_ROUND * (size_t) rounds);
    unsigned char c = 'x';
    for (int r = -3; r < rounds; r++) {
        for (int k = 0; k < WAYS; k++) {
            int way = (k + r + 3) % WAYS; /* rotate the order, as the harness does */
            fcntl(s, F_SETFL, way == 0 ? flags & ~O_NONBLOCK : flags | O_NONBLOCK);
            for (int i = 0; i < PER_ROUND; i++) {
                long long t0 = now_ns();
                if (write(s, &c, 1) != 1) die("write");
                if (way == 0) {
                    if (read(s, buf, BUF) <= 0) die("read");
                } else {
                    wait_echo(way, s, ep);
                }
                if (r >= 0) ns[way][(long) r * PER_ROUND + i] = now_ns() - t0;
            }
        }
    }
    long n = (long) rounds * PER_ROUND;
    for (int w = 0; w < WAYS; w++) {
        qsort(ns[w], (size_t) n, sizeof(long long), cmp_ll);
        printf("%-44s p50 %6.1f  p90 %6.1f  p99 %6.1f us\n", names[w], ns[w][n / 2] / 1e3, ns[w][n * 9 / 10] / 1e3,
               ns[w][n * 99 / 100] / 1e3);
    }
    close(m);
}

int main(int argc, char **argv) {
    if (argc >= 3 && strcmp(argv[1], "device") == 0) device(atoi(argv[2]));
    else if (argc == 5 && strcmp(argv[1], "app-rtt") == 0) app_rtt(argv[2], atol(argv[3]), atol(argv[4]));
    else if (argc == 4 && strcmp(argv[1], "app-read") == 0) app_read(argv[2], atol(argv[3]));
    else if (argc == 5 && strcmp(argv[1], "app-write") == 0) app_write(argv[2], atol(argv[3]), atol(argv[4]));
    else if (argc == 5 && strcmp(argv[1], "app-both") == 0) app_both(argv[2], atol(argv[3]), atol(argv[4]));
    else if (argc >= 5 && strcmp(argv[1], "app-fanout") == 0) app_fanout(atol(argv[2]), atol(argv[3]), argc - 4, argv + 4);
    else if (argc == 3 && strcmp(argv[1], "app-echo") == 0) app_echo(argv[2]);
    else if (argc == 3 && strcmp(argv[1], "waits") == 0) waits(atoi(argv[2]));
    else { fprintf(stderr, "usage: see the comment at the top of ptybench.c\n"); return 2; }
    return 0;
}
