#!/usr/bin/python3
"""pyserial's rfc2217:// client, driven line by line from stdin so a test can interleave its own checks.
Each command prints one line: OK [value], or ERR <message>. Commands:
  open URL [BAUD]      serial_for_url(URL, baudrate=BAUD, timeout=5); pyserial negotiates and sets 8N1 + no flow
  baud N | bytesize N | parity N|E|O|M|S | stopbits 1|1.5|2 | rtscts 0|1 | xonxoff 0|1 | dtr 0|1 | rts 0|1
  break 0|1            break_condition
  write HEX            bytes to send
  read N               N bytes (hex), or ERR short after the timeout
  cts | dsr | ri | cd  a modem line
  purge                reset_input_buffer (PURGE-DATA receive buffer)
  close
"""
import sys, serial

port = None

def run(words):
    global port
    cmd, args = words[0], words[1:]
    if cmd == 'open':
        port = serial.serial_for_url(args[0], baudrate=int(args[1]) if len(args) > 1 else 9600, timeout=5)
        return ''
    if cmd == 'baud':
        port.baudrate = int(args[0])
    elif cmd == 'bytesize':
        port.bytesize = int(args[0])
    elif cmd == 'parity':
        port.parity = args[0]
    elif cmd == 'stopbits':
        port.stopbits = float(args[0]) if args[0] == '1.5' else int(args[0])
    elif cmd == 'rtscts':
        port.rtscts = args[0] == '1'
    elif cmd == 'xonxoff':
        port.xonxoff = args[0] == '1'
    elif cmd == 'dtr':
        port.dtr = args[0] == '1'
    elif cmd == 'rts':
        port.rts = args[0] == '1'
    elif cmd == 'break':
        port.break_condition = args[0] == '1'
    elif cmd == 'write':
        port.write(bytes.fromhex(args[0]))
        port.flush()
    elif cmd == 'read':
        n = int(args[0])
        got = port.read(n)
        if len(got) != n:
            raise Exception('short read: %d of %d bytes: %s' % (len(got), n, got.hex()))
        return got.hex()
    elif cmd in ('cts', 'dsr', 'ri', 'cd'):
        return str(getattr(port, cmd))
    elif cmd == 'purge':
        port.reset_input_buffer()
    elif cmd == 'close':
        port.close()
    else:
        raise Exception('unknown command ' + cmd)
    return ''

print('READY', flush=True)
for line in sys.stdin:
    words = line.split()
    if not words:
        continue
    try:
        value = run(words)
        print(('OK ' + value).strip(), flush=True)
    except Exception as e:
        print('ERR ' + ' '.join(str(e).split()), flush=True)
