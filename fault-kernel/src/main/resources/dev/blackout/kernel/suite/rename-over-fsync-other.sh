# Rename a 64 KiB file over db without fsync, then at once fsync another file (a journal commit),
# ack. xfs_io is started first and fed "fsync" right after the rename, so the commit follows it
# within milliseconds. The commit carries db's new size with unwritten extents, which become
# written in a later transaction once the data IO completes (dioread_nolock): a crash between the
# two leaves db at its new size reading zeros.
#@text db old
#@text other x
set -e
new=$(head -c 65536 /dev/zero | tr '\0' n | sha256sum | cut -c1-64)
blackout mark "intent db sha256=$new"
xfs_io -f -c "pwrite -q -b 65536 -S 0x6e 0 65536" tmp
printf 'y\n' >> other
fifo=$(mktemp -u /tmp/blackout-fsync.XXXXXX)
mkfifo "$fifo"
xfs_io other < "$fifo" &
exec 3> "$fifo"
mv tmp db
echo fsync >&3
exec 3>&-
wait
rm -f "$fifo"
blackout mark "file db sha256=$new"
