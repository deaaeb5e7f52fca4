#!/bin/bash
# Builds the QEMU rig's initramfs from what Debian packages put on this machine:
#   busybox-static (/bin/busybox), the kernel's modules (/lib/modules/<version>, package linux-image-amd64), cpio.
# usage: build-initramfs.sh OUT.cpio.gz [KERNEL_VERSION]
# The guest's /init is init.sh beside this script. Only the modules the rig needs are copied, with their
# dependencies resolved from modules.dep, in load order (rig-modules.txt inside the image).
set -euo pipefail

out=$1
here=$(cd "$(dirname "$0")" && pwd)
kv=${2:-$(ls /boot/vmlinuz-* | sed 's|^/boot/vmlinuz-||' | sort -V | tail -1)}
moddir=/lib/modules/$kv
[ -x /bin/busybox ] || { echo "rig: /bin/busybox missing: apt-get install busybox-static" >&2; exit 2; }
[ -f "$moddir/modules.dep" ] || { echo "rig: $moddir/modules.dep missing: apt-get install linux-image-amd64" >&2; exit 2; }
command -v cpio >/dev/null || { echo "rig: cpio missing: apt-get install cpio" >&2; exit 2; }

# 9p over virtio for the shared directories; xHCI, usb-serial and ftdi_sio for the emulated FT232.
wanted="9p 9pnet_virtio virtio_pci xhci_pci ftdi_sio"

declare -A seen=()
order=()
# modules.dep names files ("kernel/drivers/usb/host/xhci-pci.ko"); module names use '_' where files may use '-'.
path_of() {
  awk -F: -v want="$1" '{ n=$1; sub(/.*\//, "", n); sub(/\.ko(\.[a-z]+)?$/, "", n); gsub(/-/, "_", n);
                          if (n == want) { print $1; exit } }' "$moddir/modules.dep"
}
visit() { # depth-first: dependencies land in $order before the module itself
  local rel=$1
  [ -n "${seen[$rel]:-}" ] && return 0
  seen[$rel]=1
  local dep
  for dep in $(awk -F: -v m="$rel" '$1 == m { print $2; exit }' "$moddir/modules.dep"); do visit "$dep"; done
  order+=("$rel")
}
for m in $wanted; do
  rel=$(path_of "$m")
  [ -n "$rel" ] || { echo "rig: module $m not found in $moddir" >&2; exit 2; }
  visit "$rel"
done

root=$(mktemp -d)
trap 'rm -rf "$root"' EXIT
mkdir -p "$root"/{bin,dev,proc,sys,tmp,newroot,lib/modules}
cp /bin/busybox "$root/bin/busybox"
for applet in sh mount umount insmod chroot poweroff mkdir ln cat echo sleep ls ifconfig; do
  ln -s busybox "$root/bin/$applet"
done
for rel in "${order[@]}"; do
  name=$(basename "$rel")
  case "$name" in # busybox insmod wants plain .ko files
    *.ko.xz)  xz -dc "$moddir/$rel" > "$root/lib/modules/${name%.xz}"; name=${name%.xz} ;;
    *.ko.zst) zstd -qdc "$moddir/$rel" > "$root/lib/modules/${name%.zst}"; name=${name%.zst} ;;
    *.ko.gz)  gzip -dc "$moddir/$rel" > "$root/lib/modules/${name%.gz}"; name=${name%.gz} ;;
    *)        cp "$moddir/$rel" "$root/lib/modules/$name" ;;
  esac
  echo "$name" >> "$root/lib/modules/rig-modules.txt"
done
cp "$here/init.sh" "$root/init"
chmod 755 "$root/init"
mkdir -p "$(dirname "$out")"
(cd "$root" && find . | cpio -o -H newc --quiet | gzip -1) > "$out.tmp"
mv "$out.tmp" "$out"
