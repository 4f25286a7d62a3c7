# One append to an existing file, no sync, ack.
#@text f first
set -e
blackout mark "intent f sha256=$(printf 'first\nsecond\n' | sha256sum | cut -c1-64)"
printf 'second\n' >> f
blackout mark "file f sha256=$(sha256sum f | cut -c1-64)"
