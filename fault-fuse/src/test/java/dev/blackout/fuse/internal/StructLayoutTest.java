package dev.blackout.fuse.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;

import com.sun.jna.Memory;
import com.sun.jna.Pointer;
import com.sun.jna.Structure;
import com.sun.jna.Structure.FieldOrder;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Pins the raw offsets in {@link Layout} three ways: against the values measured with offsetof on
 * libfuse 3.14 / glibc x86-64 (notes/libfuse3-jna.md §1.4, §2), against JNA's own layout of the
 * same C declarations, and (for struct stat and statvfs) against what libc really writes.
 */
class StructLayoutTest {

  /** Exposes JNA's computed field offsets. */
  public abstract static class Pinned extends Structure {
    int offset(String field) {
      return fieldOffset(field);
    }
  }

  @FieldOrder({"flags", "bits", "padding2", "fh", "lockOwner", "pollEvents"})
  public static class FuseFileInfo extends Pinned {
    public int flags;
    public int bits;
    public int padding2;
    public long fh;
    public long lockOwner;
    public int pollEvents;
  }

  @FieldOrder({"fuse", "uid", "gid", "pid", "privateData", "umask"})
  public static class FuseContext extends Pinned {
    public Pointer fuse;
    public int uid;
    public int gid;
    public int pid;
    public Pointer privateData;
    public int umask;
  }

  @FieldOrder({
    "stDev",
    "stIno",
    "stNlink",
    "stMode",
    "stUid",
    "stGid",
    "pad0",
    "stRdev",
    "stSize",
    "stBlksize",
    "stBlocks",
    "atimSec",
    "atimNsec",
    "mtimSec",
    "mtimNsec",
    "ctimSec",
    "ctimNsec",
    "reserved"
  })
  public static class Stat extends Pinned {
    public long stDev;
    public long stIno;
    public long stNlink;
    public int stMode;
    public int stUid;
    public int stGid;
    public int pad0;
    public long stRdev;
    public long stSize;
    public long stBlksize;
    public long stBlocks;
    public long atimSec;
    public long atimNsec;
    public long mtimSec;
    public long mtimNsec;
    public long ctimSec;
    public long ctimNsec;
    public long[] reserved = new long[3];
  }

  @FieldOrder({"sec", "nsec"})
  public static class Timespec extends Pinned {
    public long sec;
    public long nsec;
  }

  @FieldOrder({
    "bsize", "frsize", "blocks", "bfree", "bavail", "files", "ffree", "favail", "fsid", "flag",
    "namemax", "spare"
  })
  public static class Statvfs extends Pinned {
    public long bsize;
    public long frsize;
    public long blocks;
    public long bfree;
    public long bavail;
    public long files;
    public long ffree;
    public long favail;
    public long fsid;
    public long flag;
    public long namemax;
    public int[] spare = new int[6];
  }

  /** libfuse 3.14.0 {@code struct fuse_config}. */
  @FieldOrder({
    "setGid",
    "gid",
    "setUid",
    "uid",
    "setMode",
    "umask",
    "entryTimeout",
    "negativeTimeout",
    "attrTimeout",
    "intr",
    "intrSignal",
    "remember",
    "hardRemove",
    "useIno",
    "readdirIno",
    "directIo",
    "kernelCache",
    "autoCache",
    "noRofdFlush",
    "acAttrTimeoutSet",
    "acAttrTimeout",
    "nullpathOk",
    "showHelp",
    "modules",
    "debug"
  })
  public static class FuseConfig extends Pinned {
    public int setGid;
    public int gid;
    public int setUid;
    public int uid;
    public int setMode;
    public int umask;
    public double entryTimeout;
    public double negativeTimeout;
    public double attrTimeout;
    public int intr;
    public int intrSignal;
    public int remember;
    public int hardRemove;
    public int useIno;
    public int readdirIno;
    public int directIo;
    public int kernelCache;
    public int autoCache;
    public int noRofdFlush;
    public int acAttrTimeoutSet;
    public double acAttrTimeout;
    public int nullpathOk;
    public int showHelp;
    public Pointer modules;
    public int debug;
  }

  @FieldOrder({
    "protoMajor",
    "protoMinor",
    "maxWrite",
    "maxRead",
    "maxReadahead",
    "capable",
    "want",
    "maxBackground",
    "congestionThreshold",
    "timeGran",
    "reserved"
  })
  public static class FuseConnInfo extends Pinned {
    public int protoMajor;
    public int protoMinor;
    public int maxWrite;
    public int maxRead;
    public int maxReadahead;
    public int capable;
    public int want;
    public int maxBackground;
    public int congestionThreshold;
    public int timeGran;
    public int[] reserved = new int[22];
  }

  @FieldOrder({"argc", "argv", "allocated"})
  public static class FuseArgs extends Pinned {
    public int argc;
    public Pointer argv;
    public int allocated;
  }

  @Test
  void fuseOperationsIs42PointersWithTheMeasuredSlots() {
    assertEquals(336, Layout.FUSE_OPERATIONS_SIZE);
    assertEquals(42 * Native64.POINTER, Layout.FUSE_OPERATIONS_SIZE);
    Map<Integer, Integer> slots =
        Map.ofEntries(
            Map.entry(Layout.OP_GETATTR, 0), Map.entry(Layout.OP_READLINK, 1),
            Map.entry(Layout.OP_MKNOD, 2), Map.entry(Layout.OP_MKDIR, 3),
            Map.entry(Layout.OP_UNLINK, 4), Map.entry(Layout.OP_RMDIR, 5),
            Map.entry(Layout.OP_SYMLINK, 6), Map.entry(Layout.OP_RENAME, 7),
            Map.entry(Layout.OP_LINK, 8), Map.entry(Layout.OP_CHMOD, 9),
            Map.entry(Layout.OP_CHOWN, 10), Map.entry(Layout.OP_TRUNCATE, 11),
            Map.entry(Layout.OP_OPEN, 12), Map.entry(Layout.OP_READ, 13),
            Map.entry(Layout.OP_WRITE, 14), Map.entry(Layout.OP_STATFS, 15),
            Map.entry(Layout.OP_FLUSH, 16), Map.entry(Layout.OP_RELEASE, 17),
            Map.entry(Layout.OP_FSYNC, 18), Map.entry(Layout.OP_SETXATTR, 19),
            Map.entry(Layout.OP_GETXATTR, 20), Map.entry(Layout.OP_LISTXATTR, 21),
            Map.entry(Layout.OP_REMOVEXATTR, 22), Map.entry(Layout.OP_OPENDIR, 23),
            Map.entry(Layout.OP_READDIR, 24), Map.entry(Layout.OP_RELEASEDIR, 25),
            Map.entry(Layout.OP_FSYNCDIR, 26), Map.entry(Layout.OP_INIT, 27),
            Map.entry(Layout.OP_DESTROY, 28), Map.entry(Layout.OP_ACCESS, 29),
            Map.entry(Layout.OP_CREATE, 30), Map.entry(Layout.OP_LOCK, 31),
            Map.entry(Layout.OP_UTIMENS, 32), Map.entry(Layout.OP_BMAP, 33),
            Map.entry(Layout.OP_IOCTL, 34), Map.entry(Layout.OP_POLL, 35),
            Map.entry(Layout.OP_WRITE_BUF, 36), Map.entry(Layout.OP_READ_BUF, 37),
            Map.entry(Layout.OP_FLOCK, 38), Map.entry(Layout.OP_FALLOCATE, 39),
            Map.entry(Layout.OP_COPY_FILE_RANGE, 40), Map.entry(Layout.OP_LSEEK, 41));
    assertEquals(42, slots.size(), "every slot offset is distinct");
    slots.forEach((offset, index) -> assertEquals(index * 8, offset, "slot " + index));
  }

  @Test
  void fuseFileInfo() {
    FuseFileInfo s = new FuseFileInfo();
    assertEquals(40, s.size());
    assertEquals(Layout.FI_SIZE, s.size());
    assertEquals(0, s.offset("flags"));
    assertEquals(Layout.FI_FLAGS, s.offset("flags"));
    assertEquals(4, Layout.FI_BITS);
    assertEquals(Layout.FI_BITS, s.offset("bits"));
    assertEquals(16, Layout.FI_FH);
    assertEquals(Layout.FI_FH, s.offset("fh"));
    assertEquals(24, Layout.FI_LOCK_OWNER);
    assertEquals(Layout.FI_LOCK_OWNER, s.offset("lockOwner"));
    assertEquals(32, Layout.FI_POLL_EVENTS);
    assertEquals(Layout.FI_POLL_EVENTS, s.offset("pollEvents"));
    assertEquals(0x01, Layout.FI_BIT_WRITEPAGE);
    assertEquals(0x02, Layout.FI_BIT_DIRECT_IO);
  }

  @Test
  void fuseContext() {
    FuseContext s = new FuseContext();
    assertEquals(40, s.size());
    assertEquals(Layout.CTX_SIZE, s.size());
    assertEquals(Layout.CTX_FUSE, s.offset("fuse"));
    assertEquals(8, Layout.CTX_UID);
    assertEquals(Layout.CTX_UID, s.offset("uid"));
    assertEquals(12, Layout.CTX_GID);
    assertEquals(Layout.CTX_GID, s.offset("gid"));
    assertEquals(16, Layout.CTX_PID);
    assertEquals(Layout.CTX_PID, s.offset("pid"));
    assertEquals(24, Layout.CTX_PRIVATE_DATA);
    assertEquals(Layout.CTX_PRIVATE_DATA, s.offset("privateData"));
    assertEquals(32, Layout.CTX_UMASK);
    assertEquals(Layout.CTX_UMASK, s.offset("umask"));
  }

  @Test
  void stat() {
    Stat s = new Stat();
    assertEquals(144, s.size());
    assertEquals(Layout.STAT_SIZE, s.size());
    assertEquals(Layout.ST_DEV, s.offset("stDev"));
    assertEquals(8, Layout.ST_INO);
    assertEquals(Layout.ST_INO, s.offset("stIno"));
    assertEquals(16, Layout.ST_NLINK);
    assertEquals(Layout.ST_NLINK, s.offset("stNlink"));
    assertEquals(24, Layout.ST_MODE);
    assertEquals(Layout.ST_MODE, s.offset("stMode"));
    assertEquals(Layout.ST_UID, s.offset("stUid"));
    assertEquals(Layout.ST_GID, s.offset("stGid"));
    assertEquals(40, Layout.ST_RDEV);
    assertEquals(Layout.ST_RDEV, s.offset("stRdev"));
    assertEquals(48, Layout.ST_SIZE);
    assertEquals(Layout.ST_SIZE, s.offset("stSize"));
    assertEquals(Layout.ST_BLKSIZE, s.offset("stBlksize"));
    assertEquals(Layout.ST_BLOCKS, s.offset("stBlocks"));
    assertEquals(72, Layout.ST_ATIM);
    assertEquals(Layout.ST_ATIM, s.offset("atimSec"));
    assertEquals(88, Layout.ST_MTIM);
    assertEquals(Layout.ST_MTIM, s.offset("mtimSec"));
    assertEquals(104, Layout.ST_CTIM);
    assertEquals(Layout.ST_CTIM, s.offset("ctimSec"));
  }

  @Test
  void timespecStatvfsArgs() {
    Timespec t = new Timespec();
    assertEquals(16, t.size());
    assertEquals(Layout.TIMESPEC_SIZE, t.size());
    assertEquals(Layout.TS_NSEC, t.offset("nsec"));
    Statvfs v = new Statvfs();
    assertEquals(112, v.size());
    assertEquals(Layout.STATVFS_SIZE, v.size());
    assertEquals(Layout.SVFS_BLOCKS, v.offset("blocks"));
    assertEquals(Layout.SVFS_BAVAIL, v.offset("bavail"));
    assertEquals(80, Layout.SVFS_NAMEMAX);
    assertEquals(Layout.SVFS_NAMEMAX, v.offset("namemax"));
    FuseArgs a = new FuseArgs();
    assertEquals(24, a.size());
    assertEquals(Layout.ARGS_SIZE, a.size());
    assertEquals(Layout.ARGS_ARGV, a.offset("argv"));
    assertEquals(16, Layout.ARGS_ALLOCATED);
    assertEquals(Layout.ARGS_ALLOCATED, a.offset("allocated"));
  }

  @Test
  void fuseConfigAsIn3140() {
    FuseConfig c = new FuseConfig();
    assertEquals(128, c.size());
    assertEquals(Layout.CFG_SIZE, c.size());
    assertEquals(24, Layout.CFG_ENTRY_TIMEOUT);
    assertEquals(Layout.CFG_ENTRY_TIMEOUT, c.offset("entryTimeout"));
    assertEquals(Layout.CFG_NEGATIVE_TIMEOUT, c.offset("negativeTimeout"));
    assertEquals(Layout.CFG_ATTR_TIMEOUT, c.offset("attrTimeout"));
    assertEquals(60, Layout.CFG_HARD_REMOVE);
    assertEquals(Layout.CFG_HARD_REMOVE, c.offset("hardRemove"));
    assertEquals(64, Layout.CFG_USE_INO);
    assertEquals(Layout.CFG_USE_INO, c.offset("useIno"));
    assertEquals(72, Layout.CFG_DIRECT_IO);
    assertEquals(Layout.CFG_DIRECT_IO, c.offset("directIo"));
    assertEquals(104, Layout.CFG_NULLPATH_OK);
    assertEquals(Layout.CFG_NULLPATH_OK, c.offset("nullpathOk"));
    assertEquals(112, c.offset("modules"));
    assertEquals(120, c.offset("debug"));
  }

  @Test
  void fuseConnInfo() {
    FuseConnInfo c = new FuseConnInfo();
    assertEquals(128, c.size());
    assertEquals(Layout.CONN_SIZE, c.size());
    assertEquals(Layout.CONN_MAX_WRITE, c.offset("maxWrite"));
    assertEquals(20, Layout.CONN_CAPABLE);
    assertEquals(Layout.CONN_CAPABLE, c.offset("capable"));
    assertEquals(24, Layout.CONN_WANT);
    assertEquals(Layout.CONN_WANT, c.offset("want"));
    assertEquals(0x1000, Layout.CAP_AUTO_INVAL_DATA);
    assertEquals(0x10000, Layout.CAP_WRITEBACK_CACHE);
  }

  @Test
  void libcFillsStatAtTheseOffsets(@TempDir Path dir) throws IOException {
    Path f = dir.resolve("f");
    Files.write(f, new byte[12345]);
    Files.setLastModifiedTime(f, FileTime.fromMillis(1_600_000_000_123L));
    Files.setPosixFilePermissions(
        f, java.nio.file.attribute.PosixFilePermissions.fromString("rw-r-----"));
    Memory st = new Memory(Layout.STAT_SIZE);
    assertEquals(0, LibC.fstatat(LibC.AT_FDCWD, f.toString(), st, 0));
    Map<String, Object> a = Files.readAttributes(f, "unix:ino,size,mode,nlink,dev");
    assertEquals(((Number) a.get("ino")).longValue(), st.getLong(Layout.ST_INO));
    assertEquals(((Number) a.get("dev")).longValue(), st.getLong(Layout.ST_DEV));
    assertEquals(12345L, st.getLong(Layout.ST_SIZE));
    assertEquals(((Number) a.get("mode")).intValue(), st.getInt(Layout.ST_MODE));
    assertEquals(0100640, st.getInt(Layout.ST_MODE));
    assertEquals(1L, st.getLong(Layout.ST_NLINK));
    assertEquals(1_600_000_000L, st.getLong(Layout.ST_MTIM + Layout.TS_SEC));
    assertEquals(123_000_000L, st.getLong(Layout.ST_MTIM + Layout.TS_NSEC));
  }

  @Test
  void libcFillsStatvfsAtTheseOffsets(@TempDir Path dir) {
    Memory v = new Memory(Layout.STATVFS_SIZE);
    int fd = LibC.openat(LibC.AT_FDCWD, dir.toString(), LibC.O_RDONLY | LibC.O_DIRECTORY, 0);
    try {
      assertEquals(0, LibC.fstatvfs(fd, v));
      assertEquals(255L, v.getLong(Layout.SVFS_NAMEMAX));
    } finally {
      LibC.close(fd);
    }
  }

  private static final class Native64 {
    static final int POINTER = com.sun.jna.Native.POINTER_SIZE;
  }
}
