# A log preallocated with fallocate (KEEP_SIZE), records written in place, fdatasync, ack.
#@text log
set -e
xfs_io -c "falloc -k 0 65536" -c fsync log
for i in 1 2 3; do
  blackout mark "intent log sha256=$( (cat log; head -c 512 /dev/zero | tr '\0' "$(printf "\\14$i")") | sha256sum | cut -c1-64)"
  xfs_io -c "pwrite -q -S 0x6$i $(( (i - 1) * 512 )) 512" -c fdatasync log
  blackout mark "file log sha256=$(sha256sum log | cut -c1-64)"
done
