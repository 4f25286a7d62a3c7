# Make a directory and a file in it, fsync the file and both directories, ack.
set -e
mkdir d
printf 'inner\n' > d/f
xfs_io -c fsync d/f
xfs_io -r -c fsync d
xfs_io -r -c fsync .
blackout mark "file d/f sha256=$(sha256sum d/f | cut -c1-64)"
