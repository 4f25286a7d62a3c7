# Rename a file to a new name, fsync the directory, ack.
#@text a data
set -e
mv a b
xfs_io -r -c fsync .
blackout mark "file b sha256=$(sha256sum b | cut -c1-64)"
blackout mark "file a absent"
