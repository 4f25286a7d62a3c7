# The loop of the note: write tmp, rename it over db, ack; no fsync at all.
#@text db 0
#@ci
set -e
i=0
while [ $i -lt 3 ]; do
  i=$((i + 1))
  blackout mark "intent db sha256=$(printf '%s\n' $i | sha256sum | cut -c1-64)"
  printf '%s\n' $i > tmp
  mv tmp db
  blackout mark "file db sha256=$(sha256sum db | cut -c1-64)"
done
