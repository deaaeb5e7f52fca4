#!/usr/bin/python3
"""An RFC 2217 server made of pyserial's own serial.rfc2217.PortManager, serving one serial device (a pty in
the tests) to one client at a time on 127.0.0.1.

    rfc2217_portmanager.py DEVICE        prints "READY <tcp port>" once listening

A pty has no modem lines: the modem-line calls that fail there with ENOTTY are made harmless, so that
PortManager can answer DTR/RTS commands as it would for a real port. Runs under /usr/bin/python3 (Debian's
python3-serial)."""
import errno
import socket
import sys
import threading
import time

import serial
import serial.rfc2217
import serial.serialposix as posix


def ignore_enotty(call, default=None):
    def wrapped(*args, **kwargs):
        try:
            return call(*args, **kwargs)
        except OSError as e:
            if e.errno in (errno.ENOTTY, errno.EINVAL):
                return default
            raise
    return wrapped


for name in ("_update_dtr_state", "_update_rts_state", "_update_break_state"):
    setattr(posix.Serial, name, ignore_enotty(getattr(posix.Serial, name)))
for name in ("cts", "dsr", "ri", "cd"):
    setattr(posix.Serial, name, property(ignore_enotty(getattr(posix.Serial, name).fget, False)))


def serve(port, client):
    client.setsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY, 1)
    lock = threading.Lock()

    class Connection:
        def write(self, data):
            with lock:
                client.sendall(data)

    manager = serial.rfc2217.PortManager(port, Connection())
    alive = [True]

    def device_to_client():
        while alive[0]:
            try:
                data = port.read(port.in_waiting or 1)
                if data:
                    Connection().write(b"".join(manager.escape(data)))
                manager.check_modem_lines()
            except (OSError, serial.SerialException):
                break

    reader = threading.Thread(target=device_to_client, daemon=True)
    reader.start()
    try:
        while True:
            data = client.recv(4096)
            if not data:
                break
            port.write(b"".join(manager.filter(data)))
    except OSError:
        pass
    finally:
        alive[0] = False
        reader.join(2)
        client.close()


def main():
    device = sys.argv[1]
    port = serial.Serial(device, 9600, timeout=0.1)
    listener = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
    listener.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
    listener.bind(("127.0.0.1", 0))
    listener.listen(1)
    print("READY", listener.getsockname()[1], flush=True)
    while True:
        client, _ = listener.accept()
        serve(port, client)


if __name__ == "__main__":
    main()
