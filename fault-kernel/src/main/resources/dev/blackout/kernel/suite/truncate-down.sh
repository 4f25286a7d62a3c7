# Shrink a two-page file to 100 bytes, no sync, ack.
#@file f 8192 t
#@ci
set -e
new=$(head -c 100 /dev/zero | tr '\0' t | sha256sum | cut -c1-64)
blackout mark "intent f sha256=$new"
xfs_io -c "truncate 100" f
blackout mark "file f sha256=$new"
