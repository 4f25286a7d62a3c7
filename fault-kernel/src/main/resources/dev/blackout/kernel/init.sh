#!/bin/busybox sh
# /init of Blackout's calibration guest (fault-kernel). It loads the modules, says READY on the
# control port (ttyS1), then polls the work disk (vdc) until it holds a cpio archive (plan.sh and
# the workloads), unpacks it and runs plan.sh, which reports on ttyS1. The host saves the VM while
# it polls an empty work disk and restores that state, with a filled one, for every run. Nothing
# is sent to the guest: input on a restored serial port loses bytes.
/bin/busybox --install -s
export PATH=/sbin:/bin:/usr/sbin:/usr/bin
mount -t proc proc /proc
mount -t sysfs sysfs /sys
mount -t devtmpfs devtmpfs /dev
mount -t tmpfs tmpfs /tmp
for m in $(cat /lib/modules/blackout/base.order); do
  insmod /lib/modules/blackout/$m.ko || echo "blackout-init: insmod $m failed"
done
stty -F /dev/ttyS1 raw -echo
echo "READY $(cat /proc/uptime)" > /dev/ttyS1
until dd if=/dev/vdc bs=4096 count=1 iflag=direct 2>/dev/null | head -c 6 | grep -q 070701; do
  sleep 0.2
done
echo GO > /dev/ttyS1
cd /work && dd if=/dev/vdc bs=1M iflag=direct 2>/dev/null | cpio -id 2>/dev/null
sh /work/plan.sh
echo "FAIL plan.sh ended without powering off" > /dev/ttyS1
