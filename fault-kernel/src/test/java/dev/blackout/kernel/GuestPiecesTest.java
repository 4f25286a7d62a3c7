package dev.blackout.kernel;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The guest's parts that need no guest: tool checks, module dependencies, the cpio writer, the plan. */
class GuestPiecesTest {

  @Test
  void aMissingToolNamesTheAptGetCommand() {
    CalibrationException e = assertThrows(CalibrationException.class,
        () -> Processes.require("no-such-tool-blackout", "some-package"));
    assertEquals("no-such-tool-blackout is missing; install it with: apt-get update && apt-get install -y some-package",
        e.getMessage());
  }

  @Test
  void aKernelPackageAptDoesNotKnowNamesAptGetUpdate() {
    CalibrationException e = assertThrows(CalibrationException.class,
        () -> GuestKit.candidateVersion("no-such-kernel-package-blackout"));
    assertEquals("apt-cache knows no version of no-such-kernel-package-blackout; run: apt-get update", e.getMessage());
  }

  @Test
  void readsAModulesDependsField() {
    byte[] ko = "\0license=GPL\0depends=zstd_compress,raid6_pq,xor\0vermagic=6.1\0".getBytes(StandardCharsets.US_ASCII);
    assertEquals(List.of("zstd_compress", "raid6_pq", "xor"), GuestKit.depends(ko));
    assertEquals(List.of(), GuestKit.depends("\0depends=\0".getBytes(StandardCharsets.US_ASCII)));
  }

  @Test
  void writesNewcEntriesPaddedToFourBytes() throws Exception {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    try (Cpio c = new Cpio(out)) {
      c.file("a/b", 0644, "hi".getBytes(StandardCharsets.US_ASCII));
      c.symlink("l", "a/b");
    }
    String s = out.toString(StandardCharsets.ISO_8859_1);
    assertEquals(0, out.size() % 4);
    assertTrue(s.startsWith("070701"), s.substring(0, 6));
    // the parent directory comes first, then the file, the link, the trailer
    int dir = s.indexOf("a\0");
    int file = s.indexOf("a/b\0");
    int trailer = s.indexOf("TRAILER!!!\0");
    assertTrue(dir > 0 && dir < file && file < trailer, s);
    // the file's header: mode 0100644, size 2, name length 4 ("a/b" and its NUL)
    String header = s.substring(file - 110, file);
    assertEquals(String.format("%08x", 0100644), header.substring(14, 22));
    assertEquals(String.format("%08x", 2), header.substring(54, 62));
    assertEquals(String.format("%08x", 4), header.substring(94, 102));
  }

  @Test
  void thePlanStacksLogWritesOverTheDelayAndMarksTheStart() {
    Workload w = new Workload("w", java.nio.file.Path.of("/bin/true"), List.of(), null);
    GuestRun.Slot slot = new GuestRun.Slot(3, w, null, new long[0]);
    String plan = GuestRun.plan(List.of(slot), FsType.EXT4, true, 35, 500);
    assertTrue(plan.contains("delay /dev/mapper/d3 0 0 /dev/mapper/d3 0 500"), plan);
    assertTrue(plan.contains("log-writes /dev/mapper/s3 /dev/mapper/l3"), plan);
    assertTrue(plan.contains("dmsetup message w3 0 mark " + GuestRun.START_MARK), plan);
    assertTrue(plan.contains("sleep 35"), plan);
    String killed = GuestRun.plan(List.of(slot), FsType.XFS, false, 35, 0);
    assertTrue(!killed.contains("log-writes") && killed.contains("xfs.order") && killed.contains("mount -t xfs"), killed);
  }
}
