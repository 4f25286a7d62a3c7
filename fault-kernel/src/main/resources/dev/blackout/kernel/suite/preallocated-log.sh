# A log preallocated with fallocate (KEEP_SIZE), records written in place, fdatasync, ack.
#@text log
set -e
xfs_io -c "falloc -k 0 65536" -c fsync log
for i in 1 2 3; do
  xfs_io -c "pwrite -q -S 0x6$i $(( (i - 1) * 512 )) 512" -c fdatasync log
  blackout mark "file log sha256=$(sha256sum log | cut -c1-64)"
done
