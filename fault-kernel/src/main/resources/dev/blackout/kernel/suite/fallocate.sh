# fallocate 16 KiB at the end of a file (the size grows), no sync, ack.
#@text f base
set -e
xfs_io -c "falloc 0 16384" f
blackout mark "file f sha256=$(sha256sum f | cut -c1-64)"
