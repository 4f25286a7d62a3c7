# Write tmp, fsync it, rename it over db, ack: the rename itself is not synced.
#@text db old
set -e
blackout mark "intent db sha256=$(printf 'new\n' | sha256sum | cut -c1-64)"
printf 'new\n' > tmp
xfs_io -c fsync tmp
mv tmp db
blackout mark "file db sha256=$(sha256sum db | cut -c1-64)"
