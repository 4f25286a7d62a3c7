# Update a page of an existing file through mmap, msync(MS_SYNC), ack.
#@file db 4096 o
set -e
new=$(head -c 4096 /dev/zero | tr '\0' M | sha256sum | cut -c1-64)
blackout mark "intent db sha256=$new"
xfs_io -c "mmap -w 0 4096" -c "mwrite -S 0x4d 0 4096" -c "msync -s 0 4096" db
blackout mark "file db sha256=$new"
