#!/usr/bin/python3
"""Checks a TCP-to-serial bridge from both ends: opens pyserial's socket://HOST:PORT client and the
serial port SERIALPORT on the far side of the bridge, sends N random bytes each way and compares.
usage: socket_client.py HOST:PORT SERIALPORT N"""
import os
import sys
import threading

import serial

url, dev, n = "socket://" + sys.argv[1], sys.argv[2], int(sys.argv[3])
tcp = serial.serial_for_url(url, timeout=5)
tty = serial.Serial(dev, 9600, timeout=5)
tty.reset_input_buffer()


def transfer(name, src, dst):
    data = os.urandom(n)
    got = bytearray()

    def reader():  # read while writing: pty and socket buffers are small
        while len(got) < n:
            chunk = dst.read(n - len(got))
            if not chunk:
                break
            got.extend(chunk)
    t = threading.Thread(target=reader)
    t.start()
    for i in range(0, n, 1024):
        src.write(data[i:i + 1024])
    src.flush()
    t.join()
    ok = bytes(got) == data
    print("%s %d bytes %s" % (name, n, "OK" if ok else "MISMATCH (%d received)" % len(got)), flush=True)
    return ok


ok = transfer("tcp->serial", tcp, tty) & transfer("serial->tcp", tty, tcp)
tcp.close()
tty.close()
sys.exit(0 if ok else 1)
