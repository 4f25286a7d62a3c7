package dev.blackout.core.model;

import dev.blackout.core.trace.FileType;

/**
 * What it takes to create an inode in an image: its type, mode, symlink target and device, and
 * the owner and mtime the kernel gave it (-1 when unknown).
 */
record InodeInfo(
    FileType type, int mode, String linkTarget, long rdev, int uid, int gid, long mtimeNanos) {

  InodeInfo(FileType type, int mode, String linkTarget, long rdev) {
    this(type, mode, linkTarget, rdev, -1, -1, -1);
  }
}
