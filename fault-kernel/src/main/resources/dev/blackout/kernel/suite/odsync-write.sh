# A new file written with per-write O_DSYNC semantics (pwritev2 RWF_DSYNC), then ack.
set -e
xfs_io -f -c "pwrite -q -D -S 0x64 0 4096" f
blackout mark "file f sha256=$(sha256sum f | cut -c1-64)"
