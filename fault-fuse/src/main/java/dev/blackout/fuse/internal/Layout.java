package dev.blackout.fuse.internal;

/**
 * Sizes and field offsets of the C structures the bindings touch, for libfuse 3.14 and glibc on
 * Linux x86-64 (measured: notes/libfuse3-jna.md §1.4, §2). Hot paths read and write these raw
 * offsets instead of JNA Structures; StructLayoutTest pins every value.
 */
public final class Layout {
  private Layout() {}

  /** {@code struct fuse_operations}: 42 function pointers. */
  public static final int FUSE_OPERATIONS_SIZE = 336;

  public static final int OP_GETATTR = 0;
  public static final int OP_READLINK = 8;
  public static final int OP_MKNOD = 16;
  public static final int OP_MKDIR = 24;
  public static final int OP_UNLINK = 32;
  public static final int OP_RMDIR = 40;
  public static final int OP_SYMLINK = 48;
  public static final int OP_RENAME = 56;
  public static final int OP_LINK = 64;
  public static final int OP_CHMOD = 72;
  public static final int OP_CHOWN = 80;
  public static final int OP_TRUNCATE = 88;
  public static final int OP_OPEN = 96;
  public static final int OP_READ = 104;
  public static final int OP_WRITE = 112;
  public static final int OP_STATFS = 120;
  public static final int OP_FLUSH = 128;
  public static final int OP_RELEASE = 136;
  public static final int OP_FSYNC = 144;
  public static final int OP_SETXATTR = 152;
  public static final int OP_GETXATTR = 160;
  public static final int OP_LISTXATTR = 168;
  public static final int OP_REMOVEXATTR = 176;
  public static final int OP_OPENDIR = 184;
  public static final int OP_READDIR = 192;
  public static final int OP_RELEASEDIR = 200;
  public static final int OP_FSYNCDIR = 208;
  public static final int OP_INIT = 216;
  public static final int OP_DESTROY = 224;
  public static final int OP_ACCESS = 232;
  public static final int OP_CREATE = 240;
  public static final int OP_LOCK = 248;
  public static final int OP_UTIMENS = 256;
  public static final int OP_BMAP = 264;
  public static final int OP_IOCTL = 272;
  public static final int OP_POLL = 280;
  public static final int OP_WRITE_BUF = 288;
  public static final int OP_READ_BUF = 296;
  public static final int OP_FLOCK = 304;
  public static final int OP_FALLOCATE = 312;
  public static final int OP_COPY_FILE_RANGE = 320;
  public static final int OP_LSEEK = 328;

  /** {@code struct fuse_file_info} (3.14: 40 bytes, often on libfuse's stack: never write past). */
  public static final int FI_SIZE = 40;

  public static final int FI_FLAGS = 0;
  public static final int FI_BITS = 4;
  public static final int FI_FH = 16;
  public static final int FI_LOCK_OWNER = 24;
  public static final int FI_POLL_EVENTS = 32;
  public static final int FI_BIT_WRITEPAGE = 0x01;
  public static final int FI_BIT_DIRECT_IO = 0x02;
  public static final int FI_BIT_KEEP_CACHE = 0x04;
  public static final int FI_BIT_FLUSH = 0x08;
  public static final int FI_BIT_NONSEEKABLE = 0x10;

  /** {@code struct fuse_context}. */
  public static final int CTX_SIZE = 40;

  public static final int CTX_FUSE = 0;
  public static final int CTX_UID = 8;
  public static final int CTX_GID = 12;
  public static final int CTX_PID = 16;
  public static final int CTX_PRIVATE_DATA = 24;
  public static final int CTX_UMASK = 32;

  /** glibc {@code struct stat}. */
  public static final int STAT_SIZE = 144;

  public static final int ST_DEV = 0;
  public static final int ST_INO = 8;
  public static final int ST_NLINK = 16;
  public static final int ST_MODE = 24;
  public static final int ST_UID = 28;
  public static final int ST_GID = 32;
  public static final int ST_RDEV = 40;
  public static final int ST_SIZE = 48;
  public static final int ST_BLKSIZE = 56;
  public static final int ST_BLOCKS = 64;
  public static final int ST_ATIM = 72;
  public static final int ST_MTIM = 88;
  public static final int ST_CTIM = 104;

  /** {@code struct timespec}. */
  public static final int TIMESPEC_SIZE = 16;

  public static final int TS_SEC = 0;
  public static final int TS_NSEC = 8;
  public static final long UTIME_NOW = 0x3fffffffL;
  public static final long UTIME_OMIT = 0x3ffffffeL;

  /** glibc {@code struct statvfs}. */
  public static final int STATVFS_SIZE = 112;

  public static final int SVFS_BSIZE = 0;
  public static final int SVFS_FRSIZE = 8;
  public static final int SVFS_BLOCKS = 16;
  public static final int SVFS_BFREE = 24;
  public static final int SVFS_BAVAIL = 32;
  public static final int SVFS_FILES = 40;
  public static final int SVFS_FFREE = 48;
  public static final int SVFS_NAMEMAX = 80;

  /** {@code struct fuse_config} as laid out by 3.14.0 (changes in 3.14.1 and 3.17, see notes). */
  public static final int CFG_SIZE = 128;

  public static final int CFG_ENTRY_TIMEOUT = 24;
  public static final int CFG_NEGATIVE_TIMEOUT = 32;
  public static final int CFG_ATTR_TIMEOUT = 40;
  public static final int CFG_HARD_REMOVE = 60;
  public static final int CFG_USE_INO = 64;
  public static final int CFG_DIRECT_IO = 72;
  public static final int CFG_NULLPATH_OK = 104;

  /** {@code struct fuse_conn_info}. */
  public static final int CONN_SIZE = 128;

  public static final int CONN_PROTO_MAJOR = 0;
  public static final int CONN_PROTO_MINOR = 4;
  public static final int CONN_MAX_WRITE = 8;
  public static final int CONN_CAPABLE = 20;
  public static final int CONN_WANT = 24;
  public static final int CAP_AUTO_INVAL_DATA = 0x1000;
  public static final int CAP_WRITEBACK_CACHE = 0x10000;

  /** {@code struct fuse_args}. */
  public static final int ARGS_SIZE = 24;

  public static final int ARGS_ARGC = 0;
  public static final int ARGS_ARGV = 8;
  public static final int ARGS_ALLOCATED = 16;

  /** glibc {@code struct dirent} (= dirent64 on x86-64). */
  public static final int DIRENT_INO = 0;

  public static final int DIRENT_TYPE = 18;
  public static final int DIRENT_NAME = 19;
}
