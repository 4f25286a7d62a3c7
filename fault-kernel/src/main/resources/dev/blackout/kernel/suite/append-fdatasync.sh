# Append three records to an existing log, fdatasync after each, ack each.
#@text log head
#@ci
set -e
for i in 1 2 3; do
  printf 'record %s\n' $i >> log
  xfs_io -c fdatasync log
  blackout mark "file log sha256=$(sha256sum log | cut -c1-64)"
done
