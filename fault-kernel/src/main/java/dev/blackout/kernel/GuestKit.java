package dev.blackout.kernel;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.PrintWriter;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.stream.Stream;
import java.util.zip.GZIPOutputStream;

/**
 * The files a guest is made of, all from Debian packages: the cloud kernel (downloaded with {@code
 * apt-get download} and unpacked with {@code dpkg-deb}), the modules the guest loads, and an
 * initramfs holding busybox (busybox-static), dmsetup and xfs_io with the shared libraries {@code
 * ldd} names, and {@code /init}. Everything is cached under {@code ~/.cache/blackout/guest},
 * keyed by the package versions it was built from.
 */
final class GuestKit {
  /** The Debian metapackage whose dependency is the guest kernel. */
  static final String KERNEL_META = "linux-image-cloud-amd64";

  /** Modules every guest loads, in an order that satisfies their dependencies. */
  static final List<String> BASE_MODULES =
      List.of(
          "virtio_ring", "virtio", "virtio_pci_modern_dev", "virtio_pci_legacy_dev", "virtio_pci",
          "virtio_blk", "crc32c-intel", "dm-mod", "dm-log-writes", "dm-delay");

  /** Modules per file system beyond ext4 (built in); dependencies are added from the modules. */
  static final Map<String, List<String>> FS_MODULES =
      Map.of("ext4", List.of(), "xfs", List.of("xfs"), "btrfs", List.of("btrfs"));

  final Path dir;
  final Path vmlinuz;
  final Path initramfs;
  final String kernelPackage;
  final String kernelVersion;
  /** A digest of everything the guest is built from: snapshots are keyed by it. */
  final String key;

  private GuestKit(Path dir, Path vmlinuz, Path initramfs, String kernelPackage, String kernelVersion, String key) {
    this.dir = dir;
    this.vmlinuz = vmlinuz;
    this.initramfs = initramfs;
    this.kernelPackage = kernelPackage;
    this.kernelVersion = kernelVersion;
    this.key = key;
  }

  /** The cache root: {@code $XDG_CACHE_HOME/blackout} or {@code ~/.cache/blackout}. */
  static Path cacheRoot() {
    String xdg = System.getenv("XDG_CACHE_HOME");
    Path base = xdg != null && !xdg.isEmpty() ? Path.of(xdg) : Path.of(System.getProperty("user.home"), ".cache");
    return base.resolve("blackout");
  }

  /** Checks the host tools, then finds or builds the guest's files under {@code cache}. */
  static GuestKit prepare(Path cache, PrintWriter log) {
    Processes.require("qemu-system-x86_64", "qemu-system-x86");
    Processes.require("dmsetup", "dmsetup");
    Processes.require("xfs_io", "xfsprogs");
    Processes.require("apt-get", "apt");
    Processes.require("dpkg-deb", "dpkg");
    Processes.require("ldd", "libc-bin");
    Path busybox = Path.of("/bin/busybox");
    if (!Files.isExecutable(busybox) || Processes.run("ldd", busybox.toString()).ok()) {
      throw new CalibrationException(
          "a static /bin/busybox is missing (the guest's shell and tools); install it with: apt-get update && apt-get install -y busybox-static");
    }
    String kernelPackage = kernelPackage();
    String kernelVersion = candidateVersion(kernelPackage);
    String modules = sha256(BASE_MODULES + " " + new TreeMap<>(FS_MODULES)).substring(0, 8);
    Path kdir = cache.resolve("guest").resolve("kernel-" + kernelPackage + "_" + kernelVersion + "-" + modules);
    Path vmlinuz = kdir.resolve("vmlinuz");
    if (!Files.isRegularFile(vmlinuz)) {
      unpackKernel(kernelPackage, kdir, log);
    }
    StringBuilder k = new StringBuilder();
    k.append(kernelPackage).append(' ').append(kernelVersion).append(' ').append(modules).append('\n');
    for (String pkg : List.of("busybox-static", "dmsetup", "xfsprogs", "libc6", "qemu-system-x86")) {
      k.append(pkg).append(' ').append(packageVersion(pkg)).append('\n');
    }
    try {
      for (Path bin : List.of(busybox, Processes.which("dmsetup"), Processes.which("xfs_io"))) {
        k.append(bin).append(' ').append(Tree.sha256(Files.readAllBytes(bin))).append('\n');
      }
    } catch (IOException e) {
      throw new CalibrationException("cannot read the guest's tools: " + e.getMessage(), e);
    }
    k.append(resource("init.sh"));
    String key = sha256(k.toString()).substring(0, 16);
    Path initramfs = cache.resolve("guest").resolve("initramfs-" + key + ".cpio.gz");
    if (!Files.isRegularFile(initramfs)) {
      log.println("calibrate: building the guest's initramfs (" + initramfs + ")");
      log.flush();
      buildInitramfs(kdir, busybox, initramfs);
    }
    return new GuestKit(kdir, vmlinuz, initramfs, kernelPackage, kernelVersion, key);
  }

  /** The same kernel with another initramfs (a test's). */
  GuestKit withInitramfs(Path other) {
    return new GuestKit(dir, vmlinuz, other, kernelPackage, kernelVersion, key + "-" + other.getFileName());
  }

  /** {@code linux-image-cloud-amd64}'s dependency, e.g. {@code linux-image-6.1.0-57-cloud-amd64}. */
  static String kernelPackage() {
    Processes.Result r = Processes.run("apt-cache", "depends", KERNEL_META);
    if (r.ok()) {
      for (String line : r.output().split("\n")) {
        String t = line.strip();
        if (t.startsWith("Depends: linux-image-")) {
          return t.substring("Depends: ".length()).strip();
        }
      }
    }
    throw new CalibrationException(
        "the package lists know no " + KERNEL_META + " (the guest kernel); run: apt-get update");
  }

  static String candidateVersion(String pkg) {
    Processes.Result r = Processes.run("apt-cache", "show", "--no-all-versions", pkg);
    if (r.ok()) {
      for (String line : r.output().split("\n")) {
        if (line.startsWith("Version: ")) {
          return line.substring(9).strip();
        }
      }
    }
    throw new CalibrationException("apt-cache knows no version of " + pkg + "; run: apt-get update");
  }

  /** The installed version of {@code pkg}, or null. */
  static String packageVersion(String pkg) {
    Processes.Result r = Processes.run("dpkg-query", "-W", "-f", "${Status} ${Version}", pkg);
    if (!r.ok() || !r.output().startsWith("install ok installed ")) {
      return null;
    }
    return r.output().substring("install ok installed ".length()).strip();
  }

  private static void unpackKernel(String pkg, Path kdir, PrintWriter log) {
    log.println("calibrate: downloading the guest kernel (apt-get download " + pkg + ")");
    log.flush();
    Path tmp = null;
    try {
      Files.createDirectories(kdir.getParent());
      tmp = Files.createTempDirectory(kdir.getParent(), "download-");
      // apt drops privileges to _apt for downloads and warns when that user cannot write here
      tmp.toFile().setWritable(true, false);
      tmp.toFile().setExecutable(true, false);
      Processes.Result r = Processes.run(tmp, 900, List.of("apt-get", "download", pkg));
      Path deb;
      try (Stream<Path> s = Files.list(tmp)) {
        deb = s.filter(p -> p.toString().endsWith(".deb")).findFirst().orElse(null);
      }
      if (deb == null) {
        throw new CalibrationException(
            "apt-get download " + pkg + " failed (" + r.lastLine() + "); run: apt-get update, then retry");
      }
      Path x = tmp.resolve("x");
      Processes.check("unpacking " + deb.getFileName(), "dpkg-deb", "-x", deb.toString(), x.toString());
      Path staging = tmp.resolve("kit");
      Files.createDirectories(staging.resolve("modules"));
      Path vmlinuz;
      try (Stream<Path> s = Files.list(x.resolve("boot"))) {
        vmlinuz = s.filter(p -> p.getFileName().toString().startsWith("vmlinuz-")).findFirst()
            .orElseThrow(() -> new CalibrationException(pkg + " holds no /boot/vmlinuz-*; is it a kernel image package?"));
      }
      Files.copy(vmlinuz, staging.resolve("vmlinuz"));
      Map<String, Path> all = new TreeMap<>();
      try (Stream<Path> s = Files.walk(x.resolve("lib/modules"))) {
        s.filter(p -> p.toString().endsWith(".ko")).forEach(p -> all.put(norm(p.getFileName().toString()), p));
      }
      for (String order : List.of("base", "xfs", "btrfs")) {
        List<String> roots = order.equals("base") ? BASE_MODULES : FS_MODULES.get(order);
        List<String> sorted = new ArrayList<>();
        for (String m : roots) {
          addWithDeps(m, all, sorted, new LinkedHashSet<>());
        }
        for (String m : sorted) {
          Path target = staging.resolve("modules").resolve(m + ".ko");
          if (!Files.exists(target)) {
            Files.copy(all.get(norm(m + ".ko")), target);
          }
        }
        Files.writeString(staging.resolve("modules").resolve(order + ".order"), String.join("\n", sorted) + "\n");
      }
      Files.writeString(staging.resolve("package"), pkg + "\n");
      try {
        Files.move(staging, kdir, StandardCopyOption.ATOMIC_MOVE);
      } catch (IOException raced) {
        if (!Files.isRegularFile(kdir.resolve("vmlinuz"))) {
          throw raced;
        }
      }
    } catch (IOException e) {
      throw new CalibrationException("cannot unpack the guest kernel into " + kdir + ": " + e.getMessage(), e);
    } finally {
      if (tmp != null) {
        deleteTree(tmp);
      }
    }
  }

  private static String norm(String moduleFile) {
    return moduleFile.replace('-', '_');
  }

  /** Adds {@code m} after its dependencies (read from the module's {@code depends=} field). */
  private static void addWithDeps(String m, Map<String, Path> all, List<String> out, Set<String> visiting)
      throws IOException {
    Path p = all.get(norm(m + ".ko"));
    if (p == null) {
      throw new CalibrationException("the guest kernel has no module " + m + ".ko");
    }
    String name = p.getFileName().toString().replaceAll("\\.ko$", "");
    if (out.contains(name) || !visiting.add(name)) {
      return;
    }
    for (String dep : depends(Files.readAllBytes(p))) {
      addWithDeps(dep, all, out, visiting);
    }
    out.add(name);
  }

  /** The {@code depends=} list in a module's {@code .modinfo} strings. */
  static List<String> depends(byte[] ko) {
    byte[] needle = "depends=".getBytes(StandardCharsets.US_ASCII);
    outer:
    for (int i = 0; i + needle.length <= ko.length; i++) {
      for (int j = 0; j < needle.length; j++) {
        if (ko[i + j] != needle[j]) {
          continue outer;
        }
      }
      if (i > 0 && ko[i - 1] != 0) {
        continue;
      }
      int end = i + needle.length;
      while (end < ko.length && ko[end] != 0) {
        end++;
      }
      String list = new String(ko, i + needle.length, end - i - needle.length, StandardCharsets.US_ASCII);
      List<String> out = new ArrayList<>();
      for (String d : list.split(",")) {
        if (!d.isBlank()) {
          out.add(d.strip());
        }
      }
      return out;
    }
    return List.of();
  }

  private static void buildInitramfs(Path kdir, Path busybox, Path target) {
    try {
      Path tmp = Files.createTempFile(target.getParent(), "initramfs-", ".tmp");
      try (OutputStream fo = Files.newOutputStream(tmp);
          GZIPOutputStream gz = new GZIPOutputStream(fo, 1 << 16);
          Cpio cpio = new Cpio(gz)) {
        for (String d : List.of("dev", "proc", "sys", "tmp", "mnt", "t", "work", "usr/bin", "usr/sbin", "sbin", "bin")) {
          cpio.dir(d);
        }
        cpio.file("init", 0755, resource("init.sh").getBytes(StandardCharsets.UTF_8));
        cpio.file("bin/busybox", 0755, Files.readAllBytes(busybox));
        Map<String, Path> libs = new LinkedHashMap<>();
        for (String tool : List.of("dmsetup", "xfs_io")) {
          Path bin = Processes.which(tool);
          cpio.file("sbin/" + tool, 0755, Files.readAllBytes(bin));
          libs.putAll(sharedLibraries(bin));
        }
        for (Map.Entry<String, Path> lib : libs.entrySet()) {
          cpio.file(lib.getKey().substring(1), 0755, Files.readAllBytes(lib.getValue()));
        }
        try (Stream<Path> s = Files.list(kdir.resolve("modules"))) {
          for (Path m : (Iterable<Path>) s.sorted()::iterator) {
            cpio.file("lib/modules/blackout/" + m.getFileName(), 0644, Files.readAllBytes(m));
          }
        }
      }
      Files.move(tmp, target, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
    } catch (IOException e) {
      throw new CalibrationException("cannot build the initramfs " + target + ": " + e.getMessage(), e);
    }
  }

  /** The libraries {@code ldd} lists for {@code binary}: the path the loader asks for, and the file. */
  static Map<String, Path> sharedLibraries(Path binary) {
    String out = Processes.check("ldd " + binary, "ldd", binary.toString());
    Map<String, Path> libs = new TreeMap<>();
    for (String line : out.split("\n")) {
      String t = line.strip();
      int arrow = t.indexOf("=> ");
      String path;
      if (arrow >= 0) {
        path = t.substring(arrow + 3).split(" ")[0];
      } else if (t.startsWith("/")) {
        path = t.split(" ")[0];
      } else {
        continue;
      }
      if (path.startsWith("/")) {
        libs.put(path, Path.of(path));
      }
    }
    return libs;
  }

  static String resource(String name) {
    try (InputStream in = GuestKit.class.getResourceAsStream(name)) {
      if (in == null) {
        throw new IllegalStateException("missing resource " + name);
      }
      return new String(in.readAllBytes(), StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  static String sha256(String text) {
    try {
      return HexFormat.of().formatHex(
          java.security.MessageDigest.getInstance("SHA-256").digest(text.getBytes(StandardCharsets.UTF_8)));
    } catch (java.security.NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }

  static void deleteTree(Path root) {
    if (root == null || !Files.exists(root, java.nio.file.LinkOption.NOFOLLOW_LINKS)) {
      return;
    }
    try (Stream<Path> walk = Files.walk(root)) {
      for (Path p : (Iterable<Path>) walk.sorted(java.util.Comparator.reverseOrder())::iterator) {
        Files.deleteIfExists(p);
      }
    } catch (IOException e) {
      // leftovers in a temporary directory are harmless
    }
  }

}
