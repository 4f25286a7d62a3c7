package dev.blackout.fuse;

import com.sun.jna.Pointer;
import java.util.Set;

/**
 * A {@link FuseOperations} that forwards every call to another one: the base of decorators, each
 * overriding only the operations its one effect concerns.
 */
public abstract class ForwardingFileSystem implements FuseOperations {
  protected final FuseOperations delegate;

  protected ForwardingFileSystem(FuseOperations delegate) {
    this.delegate = java.util.Objects.requireNonNull(delegate, "delegate");
  }

  @Override
  public Set<Operation> supportedOperations() {
    return delegate.supportedOperations();
  }

  @Override
  public int getattr(Pointer path, Pointer stat, Pointer fi) {
    return delegate.getattr(path, stat, fi);
  }

  @Override
  public int readlink(Pointer path, Pointer buf, long size) {
    return delegate.readlink(path, buf, size);
  }

  @Override
  public int mknod(Pointer path, int mode, long rdev) {
    return delegate.mknod(path, mode, rdev);
  }

  @Override
  public int mkdir(Pointer path, int mode) {
    return delegate.mkdir(path, mode);
  }

  @Override
  public int unlink(Pointer path) {
    return delegate.unlink(path);
  }

  @Override
  public int rmdir(Pointer path) {
    return delegate.rmdir(path);
  }

  @Override
  public int symlink(Pointer target, Pointer linkPath) {
    return delegate.symlink(target, linkPath);
  }

  @Override
  public int rename(Pointer from, Pointer to, int flags) {
    return delegate.rename(from, to, flags);
  }

  @Override
  public int link(Pointer from, Pointer to) {
    return delegate.link(from, to);
  }

  @Override
  public int chmod(Pointer path, int mode, Pointer fi) {
    return delegate.chmod(path, mode, fi);
  }

  @Override
  public int chown(Pointer path, int uid, int gid, Pointer fi) {
    return delegate.chown(path, uid, gid, fi);
  }

  @Override
  public int truncate(Pointer path, long size, Pointer fi) {
    return delegate.truncate(path, size, fi);
  }

  @Override
  public int open(Pointer path, Pointer fi) {
    return delegate.open(path, fi);
  }

  @Override
  public int read(Pointer path, Pointer buf, long size, long offset, Pointer fi) {
    return delegate.read(path, buf, size, offset, fi);
  }

  @Override
  public int write(Pointer path, Pointer buf, long size, long offset, Pointer fi) {
    return delegate.write(path, buf, size, offset, fi);
  }

  @Override
  public int statfs(Pointer path, Pointer statvfs) {
    return delegate.statfs(path, statvfs);
  }

  @Override
  public int flush(Pointer path, Pointer fi) {
    return delegate.flush(path, fi);
  }

  @Override
  public int release(Pointer path, Pointer fi) {
    return delegate.release(path, fi);
  }

  @Override
  public int fsync(Pointer path, int datasync, Pointer fi) {
    return delegate.fsync(path, datasync, fi);
  }

  @Override
  public int setxattr(Pointer path, Pointer name, Pointer value, long size, int flags) {
    return delegate.setxattr(path, name, value, size, flags);
  }

  @Override
  public int getxattr(Pointer path, Pointer name, Pointer value, long size) {
    return delegate.getxattr(path, name, value, size);
  }

  @Override
  public int listxattr(Pointer path, Pointer list, long size) {
    return delegate.listxattr(path, list, size);
  }

  @Override
  public int removexattr(Pointer path, Pointer name) {
    return delegate.removexattr(path, name);
  }

  @Override
  public int opendir(Pointer path, Pointer fi) {
    return delegate.opendir(path, fi);
  }

  @Override
  public int readdir(Pointer path, DirFiller filler, long offset, Pointer fi, int flags) {
    return delegate.readdir(path, filler, offset, fi, flags);
  }

  @Override
  public int releasedir(Pointer path, Pointer fi) {
    return delegate.releasedir(path, fi);
  }

  @Override
  public int fsyncdir(Pointer path, int datasync, Pointer fi) {
    return delegate.fsyncdir(path, datasync, fi);
  }

  @Override
  public void init(Pointer conn, Pointer config) {
    delegate.init(conn, config);
  }

  @Override
  public void destroy() {
    delegate.destroy();
  }

  @Override
  public int access(Pointer path, int mask) {
    return delegate.access(path, mask);
  }

  @Override
  public int create(Pointer path, int mode, Pointer fi) {
    return delegate.create(path, mode, fi);
  }

  @Override
  public int utimens(Pointer path, Pointer times, Pointer fi) {
    return delegate.utimens(path, times, fi);
  }

  @Override
  public int fallocate(Pointer path, int mode, long offset, long length, Pointer fi) {
    return delegate.fallocate(path, mode, offset, length, fi);
  }

  @Override
  public long copyFileRange(
      Pointer pathIn,
      Pointer fiIn,
      long offsetIn,
      Pointer pathOut,
      Pointer fiOut,
      long offsetOut,
      long length,
      int flags) {
    return delegate.copyFileRange(pathIn, fiIn, offsetIn, pathOut, fiOut, offsetOut, length, flags);
  }

  @Override
  public long lseek(Pointer path, long offset, int whence, Pointer fi) {
    return delegate.lseek(path, offset, whence, fi);
  }
}
