"""Echo peer for the transport's tests: opens a serial port with pyserial and sends back every byte
it receives, until it has echoed the count given on the command line. Prints READY once open."""
import sys

import serial

port, count = sys.argv[1], int(sys.argv[2])
with serial.Serial(port, baudrate=115200, timeout=5) as s:
    print("READY", flush=True)
    done = 0
    while done < count:
        chunk = s.read(min(4096, count - done))
        if not chunk:
            print("TIMEOUT after %d bytes" % done, flush=True)
            sys.exit(2)
        s.write(chunk)
        done += len(chunk)
    s.flush()
print("DONE %d" % done, flush=True)
