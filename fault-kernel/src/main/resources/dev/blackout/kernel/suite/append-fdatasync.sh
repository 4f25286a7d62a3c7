# Append three records to an existing log, fdatasync after each, ack each.
#@text log head
#@ci
set -e
expected=$(cat log)
for i in 1 2 3; do
  expected=$(printf '%s\nrecord %s' "$expected" $i)
  blackout mark "intent log sha256=$(printf '%s\n' "$expected" | sha256sum | cut -c1-64)"
  printf 'record %s\n' $i >> log
  xfs_io -c fdatasync log
  blackout mark "file log sha256=$(sha256sum log | cut -c1-64)"
done
