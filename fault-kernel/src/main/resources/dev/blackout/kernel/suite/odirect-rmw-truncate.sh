# O_DIRECT read-modify-write of a page, then ftruncate to cut the tail (seed 003); no ack.
#@file db 8192 o
set -e
xfs_io -d -c "pread -q 0 4096" -c "pwrite -q -S 0x6e 0 4096" -c "truncate 4096" db
