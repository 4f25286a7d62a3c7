# A hard link to an existing file, no sync, ack.
#@text a data
#@ci
set -e
ln a b
blackout mark "file b sha256=$(sha256sum b | cut -c1-64)"
