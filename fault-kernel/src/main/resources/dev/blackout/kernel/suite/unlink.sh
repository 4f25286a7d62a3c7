# Remove an existing file, no sync, ack.
#@text a data
set -e
rm a
blackout mark "file a absent"
