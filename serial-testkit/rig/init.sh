#!/bin/sh
# The rig guest's /init (busybox). It loads the modules listed in rig-modules.txt, builds a root on tmpfs
# from the host's /usr and /etc (Debian is merged-/usr, so /bin, /lib, /sbin are links into /usr), mounts
# the host directories named on the kernel command line at the same paths as on the host, runs
# RUN/guest.sh in that root and powers off. Kernel command line:
#   rig.mount=TAG:PATH:ro|rw   one per shared directory (9p mount tag, path in the guest)
#   rig.run=PATH               the run directory (shared read-write, uncached) holding guest.sh
export PATH=/bin
mount -t proc proc /proc
mount -t sysfs sys /sys
mount -t devtmpfs dev /dev
while read -r m; do
  insmod "/lib/modules/$m" || echo "RIG: insmod $m failed"
done < /lib/modules/rig-modules.txt

R=/newroot
mount -t tmpfs -o mode=755 tmpfs $R
mkdir -p $R/usr $R/etc $R/proc $R/sys $R/dev $R/tmp $R/root $R/run $R/var/tmp
chmod 1777 $R/tmp $R/var/tmp
ln -s usr/bin $R/bin; ln -s usr/lib $R/lib; ln -s usr/lib64 $R/lib64; ln -s usr/sbin $R/sbin

fail() { echo "RIG: BOOT FAILED: $*"; poweroff -f; }
ninep() { # TAG PATH ro|rw CACHE
  mkdir -p "$R$2" && mount -t 9p -o "trans=virtio,version=9p2000.L,msize=512000,cache=$4,$3" "$1" "$R$2" \
    || fail "9p mount of $1 at $2"
}
ninep hostusr /usr ro loose
ninep hostetc /etc ro loose
run=
for arg in $(cat /proc/cmdline); do
  case "$arg" in
    rig.mount=*) spec=${arg#rig.mount=}; tag=${spec%%:*}; rest=${spec#*:}; path=${rest%:*}; mode=${rest##*:}
                 ninep "$tag" "$path" "$mode" loose ;;
    rig.run=*)   run=${arg#rig.run=} ;;
  esac
done
[ -n "$run" ] || fail "no rig.run= on the kernel command line"
# The run directory carries requests and acknowledgements both ways: no caching there.
ninep rigrun "$run" rw none

mount -t proc proc $R/proc
mount -t sysfs sys $R/sys
mount -t devtmpfs dev $R/dev
mkdir -p $R/dev/pts $R/dev/shm
mount -t devpts devpts $R/dev/pts
mount -t tmpfs -o mode=1777 tmpfs $R/dev/shm
ifconfig lo 127.0.0.1 up
echo "RIG: guest ready"
chroot $R /bin/sh "$run/guest.sh"
echo "RIG: guest.sh exit $?"
poweroff -f
