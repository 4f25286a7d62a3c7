# A new file written through O_SYNC, then ack.
set -e
xfs_io -f -s -c "pwrite -q -S 0x73 0 4096" f
blackout mark "file f sha256=$(sha256sum f | cut -c1-64)"
