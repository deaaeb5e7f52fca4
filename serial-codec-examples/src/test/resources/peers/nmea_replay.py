#!/usr/bin/python3
"""Replays the sentences of a real NMEA log onto PORT, each ended with CR LF, RATE sentences a
second (0 = as fast as possible). '#' comment lines of gpsd test logs are skipped.
usage: nmea_replay.py LOG PORT RATE"""
import os
import sys
import time

log, port, rate = sys.argv[1], sys.argv[2], float(sys.argv[3])
with open(log, "rb") as f:
    sentences = [line.rstrip(b"\r\n") + b"\r\n" for line in f if line.startswith((b"$", b"!"))]
fd = os.open(port, os.O_WRONLY | os.O_NOCTTY)
print("READY %d" % len(sentences), flush=True)
for s in sentences:
    os.write(fd, s)
    if rate > 0:
        time.sleep(1.0 / rate)
os.close(fd)
print("DONE %d" % len(sentences), flush=True)
