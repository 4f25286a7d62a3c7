# fsync vs fdatasync vs directory fsync: three new files, each made durable a different way.
set -e
printf 'eff\n' > f
xfs_io -c fsync f
blackout mark "file f sha256=$(sha256sum f | cut -c1-64)"
printf 'gee\n' > g
xfs_io -c fdatasync g
blackout mark "file g sha256=$(sha256sum g | cut -c1-64)"
printf 'aitch\n' > h
xfs_io -r -c fsync .
blackout mark "file h sha256=$(sha256sum h | cut -c1-64)"
