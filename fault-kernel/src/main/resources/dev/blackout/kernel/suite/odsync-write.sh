# A new file written through O_DSYNC, then ack.
xfs_io -f -D -c "pwrite -q -S 0x64 0 4096" f
blackout mark "file f sha256=$(sha256sum f | cut -c1-64)"
