package dev.blackout.core.model;

import dev.blackout.core.trace.FileType;

/** What it takes to create an inode in an image: its type, mode, symlink target and device. */
record InodeInfo(FileType type, int mode, String linkTarget, long rdev) {}
