# Grow a small file to 8192 bytes with truncate (a hole), no sync, ack.
#@text f tiny
set -e
xfs_io -c "truncate 8192" f
blackout mark "file f sha256=$(sha256sum f | cut -c1-64)"
