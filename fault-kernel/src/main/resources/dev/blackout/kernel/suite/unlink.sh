# Remove an existing file, no sync, ack.
#@text a data
rm a
blackout mark "file a absent"
