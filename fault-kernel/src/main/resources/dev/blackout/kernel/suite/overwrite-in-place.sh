# Overwrite two pages of an existing file in place (pwrite, no truncate, no fsync), then ack.
#@file db 8192 o
#@ci
set -e
new=$(head -c 8192 /dev/zero | tr '\0' n | sha256sum | cut -c1-64)
blackout mark "intent db sha256=$new"
xfs_io -c "pwrite -q -S 0x6e 0 8192" db
blackout mark "file db sha256=$new"
