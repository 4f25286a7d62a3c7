# Write tmp, fsync it, rename it over db, fsync the directory, ack: the safe replace.
#@text db old
#@ci
set -e
blackout mark "intent db sha256=$(printf 'new\n' | sha256sum | cut -c1-64)"
printf 'new\n' > tmp
xfs_io -c fsync tmp
mv tmp db
xfs_io -r -c fsync .
blackout mark "file db sha256=$(sha256sum db | cut -c1-64)"
