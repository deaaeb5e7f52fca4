#!/bin/bash
# Boots the rig guest under QEMU TCG (no KVM needed) and prints its console on stdout.
# usage: qemu.sh --machine uart|ftdi --initrd FILE --run DIR [--share PATH[:ro]]... [--monitor SOCKET]
#                [--kernel FILE] [--memory MB] [--cpus N] [--kernel-log]
#   uart: a 16550A on the guest's ttyS1 (QEMU's second serial port), driven by the real 8250 driver.
#   ftdi: additionally an emulated FTDI FT232 (0403:6001) on xHCI, driven by ftdi_sio (guest ttyUSB0);
#         what the guest writes to it lands in RUN/ftdi-out.bin. Unplug/replug it through --monitor with
#         "device_del usbser0" and "device_add usb-serial,id=usbser1,chardev=ftdichr,bus=xhci.0".
# The host's /usr and /etc, every --share (at the same path) and RUN are shared over 9p; the guest runs
# RUN/guest.sh as root and powers off.
set -euo pipefail
machine=uart kernel= initrd= run= monitor= memory=1024 cpus=1 quiet=quiet
shares=()
while [ $# -gt 0 ]; do
  case "$1" in
    --machine) machine=$2; shift 2 ;;
    --kernel)  kernel=$2; shift 2 ;;
    --initrd)  initrd=$2; shift 2 ;;
    --run)     run=$2; shift 2 ;;
    --share)   shares+=("$2"); shift 2 ;;
    --monitor) monitor=$2; shift 2 ;;
    --memory)  memory=$2; shift 2 ;;
    --cpus)    cpus=$2; shift 2 ;;
    --kernel-log) quiet=; shift ;;   # the kernel's boot messages on the console too
    *) echo "qemu.sh: unknown argument $1" >&2; exit 2 ;;
  esac
done
[ -n "$kernel" ] || kernel=$(ls /boot/vmlinuz-* | sort -V | tail -1)
[ -f "$initrd" ] || { echo "qemu.sh: --initrd FILE required (build-initramfs.sh makes it)" >&2; exit 2; }
[ -f "$run/guest.sh" ] || { echo "qemu.sh: $run/guest.sh missing" >&2; exit 2; }

args=(-accel tcg -cpu max -smp "$cpus" -m "$memory" -nographic -no-reboot -nic none
      -kernel "$kernel" -initrd "$initrd"
      -serial mon:stdio -serial null
      -virtfs local,path=/usr,mount_tag=hostusr,security_model=none,readonly=on
      -virtfs local,path=/etc,mount_tag=hostetc,security_model=none,readonly=on
      -virtfs "local,path=$run,mount_tag=rigrun,security_model=none")
append="console=ttyS0 $quiet panic=-1 rig.run=$run"
i=0
for s in "${shares[@]}"; do
  path=${s%:ro}; mode=rw; [ "$path" != "$s" ] && mode=ro
  ro=; [ $mode = ro ] && ro=,readonly=on
  args+=(-virtfs "local,path=$path,mount_tag=share$i,security_model=none$ro")
  append+=" rig.mount=share$i:$path:$mode"
  i=$((i + 1))
done
if [ -n "$monitor" ]; then args+=(-monitor "unix:$monitor,server=on,wait=off"); else args+=(-monitor none); fi
if [ "$machine" = ftdi ]; then
  args+=(-device qemu-xhci,id=xhci -chardev "file,id=ftdichr,path=$run/ftdi-out.bin"
         -device usb-serial,id=usbser0,chardev=ftdichr,bus=xhci.0)
elif [ "$machine" != uart ]; then
  echo "qemu.sh: --machine uart|ftdi" >&2; exit 2
fi
exec qemu-system-x86_64 "${args[@]}" -append "$append"
