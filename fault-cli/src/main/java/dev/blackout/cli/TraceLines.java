package dev.blackout.cli;

import dev.blackout.core.trace.FileType;
import dev.blackout.core.trace.InitialImage;
import dev.blackout.core.trace.OpMeta;
import dev.blackout.core.trace.OpenFlags;
import dev.blackout.core.trace.RawNames;
import dev.blackout.core.trace.TraceOp;
import java.time.Instant;
import java.util.HashSet;
import java.util.Locale;
import java.util.Set;
import java.util.function.Consumer;

/**
 * The human form of a trace, one line per record: image entries, then ops, e.g. {@code #12 pid
 * 4711 write ino 5 [0, 4096) 4096 B flags O_WRONLY|O_TRUNC}. Names from the trace are quoted and
 * escaped, so a hostile name cannot break the one-line-per-record layout.
 */
final class TraceLines {
  private TraceLines() {}

  /** Emits one line per entry of {@code image}, in order. */
  static void image(InitialImage image, Consumer<String> out) {
    Set<Long> seen = new HashSet<>();
    for (InitialImage.Entry e : image.entries()) {
      out.accept(entry(e, !seen.add(e.inode())));
    }
  }

  static String entry(InitialImage.Entry e, boolean hardLink) {
    StringBuilder sb = new StringBuilder("image ");
    sb.append(quote("/" + e.path())).append(" ino ").append(e.inode()).append(' ');
    sb.append(typeName(e.type())).append(' ').append(octal(e.mode()));
    if (hardLink) {
      sb.append(" (hard link)");
    } else if (e.type() == FileType.REGULAR) {
      sb.append(' ').append(e.content().length()).append(" B");
    }
    if (e.linkTarget() != null) {
      sb.append(" -> ").append(quote(e.linkTarget()));
    }
    return sb.toString();
  }

  /** The line for one op. */
  static String op(TraceOp op) {
    OpMeta m = op.meta();
    StringBuilder sb = new StringBuilder();
    sb.append('#').append(m.seq()).append(" pid ").append(m.pid());
    if (m.tid() != 0 && m.tid() != m.pid()) {
      sb.append(" tid ").append(m.tid());
    }
    if (m.startSeq() != m.seq() - 1) {
      sb.append(" (began after #").append(m.startSeq()).append(')');
    }
    sb.append(' ').append(kind(op)).append(' ').append(body(op));
    if (m.failed()) {
      sb.append(" FAILED ").append(Errno.name(m.errno()));
    }
    return sb.toString();
  }

  /** The op's kind as {@code show} and the JSON form name it: the record name in lower case. */
  static String kind(TraceOp op) {
    return op.getClass().getSimpleName().toLowerCase(Locale.ROOT);
  }

  private static String body(TraceOp op) {
    String line = line(op);
    if (op instanceof TraceOp.Creation c && (c.uid() != -1 || c.gid() != -1)) {
      line += " owner " + c.uid() + ":" + c.gid();
    }
    return line;
  }

  private static String line(TraceOp op) {
    if (op instanceof TraceOp.Create o) {
      return entryName(o.name(), o.parent()) + " -> ino " + o.inode() + " mode " + octal(o.mode())
          + " handle " + o.handle() + " flags " + OpenFlags.describe(o.flags());
    } else if (op instanceof TraceOp.Mkdir o) {
      return entryName(o.name(), o.parent()) + " -> ino " + o.inode() + " mode " + octal(o.mode());
    } else if (op instanceof TraceOp.Mknod o) {
      return entryName(o.name(), o.parent()) + " -> ino " + o.inode() + " " + mknodType(o.mode())
          + " mode " + octal(o.mode() & 07777) + " rdev " + o.rdev();
    } else if (op instanceof TraceOp.Symlink o) {
      return entryName(o.name(), o.parent()) + " -> ino " + o.inode() + " target "
          + quote(o.target());
    } else if (op instanceof TraceOp.Link o) {
      return "ino " + o.inode() + " as " + entryName(o.name(), o.parent());
    } else if (op instanceof TraceOp.Unlink o) {
      return entryName(o.name(), o.parent()) + " (ino " + o.inode() + ")";
    } else if (op instanceof TraceOp.Rmdir o) {
      return entryName(o.name(), o.parent()) + " (ino " + o.inode() + ")";
    } else if (op instanceof TraceOp.Rename o) {
      return rename(o);
    } else if (op instanceof TraceOp.Open o) {
      return "ino " + o.inode() + " handle " + o.handle() + " flags "
          + OpenFlags.describe(o.flags());
    } else if (op instanceof TraceOp.Write o) {
      return "ino " + o.inode() + " [" + o.offset() + ", " + o.end() + ") " + o.data().length()
          + " B flags " + OpenFlags.describe(o.flags());
    } else if (op instanceof TraceOp.Truncate o) {
      return "ino " + o.inode() + " to " + o.size() + " B";
    } else if (op instanceof TraceOp.Fallocate o) {
      return "ino " + o.inode() + " [" + o.offset() + ", " + (o.offset() + o.length()) + ") mode "
          + fallocateMode(o.mode());
    } else if (op instanceof TraceOp.Chmod o) {
      return "ino " + o.inode() + " mode " + octal(o.mode());
    } else if (op instanceof TraceOp.Chown o) {
      return "ino " + o.inode() + " uid " + o.uid() + " gid " + o.gid();
    } else if (op instanceof TraceOp.SetTimes o) {
      return "ino " + o.inode() + " atime " + time(o.atimeNanos()) + " mtime "
          + time(o.mtimeNanos());
    } else if (op instanceof TraceOp.SetXattr o) {
      return "ino " + o.inode() + " " + quote(o.name()) + " " + o.value().length() + " B";
    } else if (op instanceof TraceOp.RemoveXattr o) {
      return "ino " + o.inode() + " " + quote(o.name());
    } else if (op instanceof TraceOp.Flush o) {
      return handleOp(o.inode(), o.handle());
    } else if (op instanceof TraceOp.Release o) {
      return handleOp(o.inode(), o.handle());
    } else if (op instanceof TraceOp.Fsync o) {
      return handleOp(o.inode(), o.handle());
    } else if (op instanceof TraceOp.Fdatasync o) {
      return handleOp(o.inode(), o.handle());
    } else if (op instanceof TraceOp.Fsyncdir o) {
      return handleOp(o.inode(), o.handle());
    } else if (op instanceof TraceOp.Marker o) {
      return quote(o.text());
    }
    throw new IllegalStateException("no line format for " + op.getClass().getName());
  }

  private static String rename(TraceOp.Rename o) {
    StringBuilder sb = new StringBuilder();
    sb.append(entryName(o.srcName(), o.srcParent())).append(" -> ");
    sb.append(entryName(o.dstName(), o.dstParent())).append(" (ino ").append(o.inode());
    if (o.replaced() != 0) {
      boolean exchange = (o.flags() & TraceOp.Rename.RENAME_EXCHANGE) != 0;
      sb.append(exchange ? ", exchanged with ino " : ", replaces ino ").append(o.replaced());
    }
    sb.append(')');
    if (o.flags() != 0) {
      sb.append(" flags ").append(renameFlags(o.flags()));
    }
    return sb.toString();
  }

  private static String renameFlags(int flags) {
    StringBuilder sb = new StringBuilder();
    int rest = flags;
    if ((flags & TraceOp.Rename.RENAME_NOREPLACE) != 0) {
      sb.append("RENAME_NOREPLACE");
      rest &= ~TraceOp.Rename.RENAME_NOREPLACE;
    }
    if ((flags & TraceOp.Rename.RENAME_EXCHANGE) != 0) {
      sb.append(sb.length() > 0 ? "|" : "").append("RENAME_EXCHANGE");
      rest &= ~TraceOp.Rename.RENAME_EXCHANGE;
    }
    if (rest != 0) {
      sb.append(sb.length() > 0 ? "|" : "").append("0x").append(Integer.toHexString(rest));
    }
    return sb.toString();
  }

  private static String fallocateMode(int mode) {
    if (mode == 0) {
      return "0";
    }
    StringBuilder sb = new StringBuilder();
    int rest = mode;
    for (int bit : new int[] {
        TraceOp.Fallocate.KEEP_SIZE, TraceOp.Fallocate.PUNCH_HOLE, TraceOp.Fallocate.ZERO_RANGE}) {
      if ((mode & bit) != 0) {
        sb.append(sb.length() > 0 ? "|" : "").append(switch (bit) {
          case TraceOp.Fallocate.KEEP_SIZE -> "KEEP_SIZE";
          case TraceOp.Fallocate.PUNCH_HOLE -> "PUNCH_HOLE";
          default -> "ZERO_RANGE";
        });
        rest &= ~bit;
      }
    }
    if (rest != 0) {
      sb.append(sb.length() > 0 ? "|" : "").append("0x").append(Integer.toHexString(rest));
    }
    return sb.toString();
  }

  private static String mknodType(int mode) {
    try {
      return typeName(FileType.fromMode(mode));
    } catch (IllegalArgumentException e) {
      return "type?";
    }
  }

  private static String handleOp(long inode, long handle) {
    return "ino " + inode + " handle " + handle;
  }

  private static String entryName(String name, long parent) {
    return quote(name) + " in ino " + parent;
  }

  private static String time(long nanos) {
    if (nanos == -1) {
      return "unchanged";
    }
    return Instant.ofEpochSecond(Math.floorDiv(nanos, 1_000_000_000L),
        Math.floorMod(nanos, 1_000_000_000L)).toString();
  }

  static String typeName(FileType type) {
    return switch (type) {
      case REGULAR -> "file";
      case DIRECTORY -> "dir";
      case SYMLINK -> "symlink";
      case FIFO -> "fifo";
      case CHAR_DEVICE -> "chardev";
      case BLOCK_DEVICE -> "blockdev";
      case SOCKET -> "socket";
    };
  }

  static String octal(int mode) {
    return String.format(Locale.ROOT, "%04o", mode);
  }

  /**
   * {@code s} in single quotes, with quotes, backslashes and control characters escaped, so that
   * the result is one line of printable text.
   */
  static String quote(String s) {
    StringBuilder sb = new StringBuilder(s.length() + 2).append('\'');
    for (int i = 0; i < s.length(); i++) {
      char c = s.charAt(i);
      switch (c) {
        case '\'' -> sb.append("\\'");
        case '\\' -> sb.append("\\\\");
        case '\n' -> sb.append("\\n");
        case '\r' -> sb.append("\\r");
        case '\t' -> sb.append("\\t");
        default -> {
          if (RawNames.isEscape(c) && !validSurrogate(s, i)) {
            sb.append(String.format(Locale.ROOT, "\\x%02x", c & 0xff)); // a byte that is not UTF-8
          } else if (Character.isISOControl(c) || Character.isSurrogate(c) && !validSurrogate(s, i)
              || c == '\u2028' || c == '\u2029' || c == '\u0085') {
            sb.append(String.format(Locale.ROOT, "\\u%04x", (int) c));
          } else {
            sb.append(c);
          }
        }
      }
    }
    return sb.append('\'').toString();
  }

  private static boolean validSurrogate(String s, int i) {
    char c = s.charAt(i);
    if (Character.isHighSurrogate(c)) {
      return i + 1 < s.length() && Character.isLowSurrogate(s.charAt(i + 1));
    }
    return i > 0 && Character.isHighSurrogate(s.charAt(i - 1));
  }
}
