#!/usr/bin/env bash
# Prepares a Debian 12 machine (a Vagrant VM or a CI machine) to build and run Blackout.
# Run as root; idempotent (running it again changes nothing that is already in place).
#
#   provision.sh [--filesystems] [REPO]
#
#   --filesystems  also make ext4, xfs and btrfs file systems on loop devices (from image files
#                  under /var/lib/blackout) and mount them at /srv/blackout/{ext4,xfs,btrfs}, so
#                  a suite can record on the file system it models
#   REPO           a Blackout checkout to build (./blackout models triggers the build)
#
# Environment: BLACKOUT_FS_SIZE (image size, default 1G), BLACKOUT_USER (who owns the mounts and
# builds REPO; default: REPO's owner).
set -euo pipefail

die() {
  printf 'provision: %s\n' "$*" >&2
  exit 2
}

filesystems=false
repo=""
while (($# > 0)); do
  case $1 in
    --filesystems) filesystems=true ;;
    -h | --help)
      sed -n '2,14p' "${BASH_SOURCE[0]}"
      exit 0
      ;;
    -*) die "unknown option '$1' (known: --filesystems)" ;;
    *)
      [[ -z $repo ]] || die "one REPO only, got '$repo' and '$1'"
      repo=$1
      ;;
  esac
  shift
done

[[ $(id -u) -eq 0 ]] || die "run as root (e.g. sudo $0 $*)"
if [[ -n $repo ]]; then
  [[ -x $repo/blackout ]] || die "'$repo' is not a Blackout checkout (no executable ./blackout)"
fi

# podman, runc and busybox-static: the scenario of two containers sharing a recorded volume
# (docs/scenarios.md; without them it falls back to processes in their own namespaces).
packages=(openjdk-17-jdk-headless maven fuse3 libfuse3-3 shellcheck podman runc busybox-static)
# blackout calibrate (and its test in the suite): a qemu guest built from Debian packages, and
# the tools that make and check ext4, xfs and btrfs (--fs)
packages+=(qemu-system-x86 dmsetup xfsprogs e2fsprogs btrfs-progs mount)
if [[ $filesystems == true ]]; then
  packages+=(e2fsprogs xfsprogs btrfs-progs util-linux)
fi

echo "provision: installing ${packages[*]}"
export DEBIAN_FRONTEND=noninteractive
apt-get -o DPkg::Lock::Timeout=300 update -q
apt-get -o DPkg::Lock::Timeout=300 install -y -q --no-install-recommends "${packages[@]}" </dev/null

# A machine may have several JDKs; Blackout needs 17 or newer on PATH.
if ! java -version 2>&1 | grep -Eq 'version "(1[7-9]|[2-9][0-9])'; then
  jdks=(/usr/lib/jvm/java-17-openjdk-*)
  jdk=${jdks[0]}
  [[ -d $jdk ]] || die "openjdk-17 was installed but /usr/lib/jvm/java-17-openjdk-* is missing"
  update-alternatives --set java "$jdk/bin/java"
  update-alternatives --set javac "$jdk/bin/javac"
fi

owner=${BLACKOUT_USER:-}
if [[ -z $owner && -n $repo ]]; then
  owner=$(stat -c %U "$repo")
fi
owner=${owner:-root}

make_fs() {
  local kind=$1 size=${BLACKOUT_FS_SIZE:-1G}
  local image=/var/lib/blackout/$kind.img mnt=/srv/blackout/$kind
  mkdir -p /var/lib/blackout "$mnt"
  if mountpoint -q "$mnt"; then
    echo "provision: $mnt already mounted"
    return 0
  fi
  if [[ ! -f $image ]]; then
    truncate -s "$size" "$image"
    case $kind in
      ext4) mkfs.ext4 -q -F "$image" ;;
      xfs) mkfs.xfs -q -f "$image" ;;
      btrfs) mkfs.btrfs -q -f "$image" ;;
    esac
  fi
  # mount -o loop picks a free loop device; an fstab line remounts it at boot
  mount -o loop -t "$kind" "$image" "$mnt"
  if ! grep -q "^$image " /etc/fstab; then
    printf '%s %s %s loop,nofail 0 0\n' "$image" "$mnt" "$kind" >>/etc/fstab
  fi
  chown "$owner:" "$mnt"
  echo "provision: $kind on $(findmnt -n -o SOURCE "$mnt") mounted at $mnt"
}

if [[ $filesystems == true ]]; then
  for kind in ext4 xfs btrfs; do
    make_fs "$kind"
  done
fi

if [[ -n $repo ]]; then
  echo "provision: building Blackout in $repo as $owner"
  if [[ $owner == root ]]; then
    (cd "$repo" && ./blackout models >/dev/null)
  else
    su "$owner" -c "cd '$repo' && ./blackout models >/dev/null"
  fi
fi
echo "provision: done"
