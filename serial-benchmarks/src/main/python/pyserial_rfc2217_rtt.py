#!/usr/bin/python3
"""pyserial's rfc2217:// client: WARMUP then COUNT sequential round trips of SIZE bytes against an echoing device;
prints the round-trip times in ns on one line, then the process CPU time in µs.
usage: pyserial_rfc2217_rtt.py URL SIZE WARMUP COUNT
ser2net never answers SET-CONTROL for a pty, so the URL needs ?ign_set_control."""
import sys, time, serial
url, size, warmup, count = sys.argv[1], int(sys.argv[2]), int(sys.argv[3]), int(sys.argv[4])
port = serial.serial_for_url(url, baudrate=115200, timeout=5)
msg = b'p' * size
def once():
    t0 = time.perf_counter_ns()
    port.write(msg)
    got = 0
    while got < size:
        b = port.read(size - got)
        if not b:
            raise SystemExit('timeout after %d of %d bytes' % (got, size))
        got += len(b)
    return time.perf_counter_ns() - t0
for _ in range(warmup):
    once()
c0 = time.process_time_ns()
samples = [once() for _ in range(count)]
cpu = (time.process_time_ns() - c0) // 1000
print(' '.join(map(str, samples)))
print(cpu, flush=True)
port.close()
