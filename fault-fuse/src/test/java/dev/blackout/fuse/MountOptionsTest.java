package dev.blackout.fuse;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class MountOptionsTest {
  @TempDir Path tmp;

  @Test
  void allowOtherAddsDefaultPermissions() {
    assertEquals("auto_unmount,fsname=b,subtype=b", MountOptions.defaults().optionList("b"));
    assertEquals(
        "auto_unmount,allow_other,default_permissions,fsname=b,subtype=b",
        MountOptions.defaults().withAllowOther(true).optionList("b"));
  }

  @Test
  void aNonRootUserWithoutUserAllowOtherIsToldInOneLine() throws IOException {
    Path conf = Files.writeString(tmp.resolve("fuse.conf"), "#user_allow_other\nmount_max = 9\n");
    Optional<String> problem = MountOptions.allowOtherProblem(1000, conf);
    assertTrue(problem.isPresent());
    assertEquals(
        "--allow-other needs the line 'user_allow_other' in "
            + conf
            + " when not run as root; add it (as root) or record as root",
        problem.get());
    assertTrue(MountOptions.allowOtherProblem(1000, tmp.resolve("missing")).isPresent());
  }

  @Test
  void userAllowOtherOrRootIsEnough() throws IOException {
    Path conf = Files.writeString(tmp.resolve("fuse.conf"), "# comment\n  user_allow_other \n");
    assertEquals(Optional.empty(), MountOptions.allowOtherProblem(1000, conf));
    assertEquals(Optional.empty(), MountOptions.allowOtherProblem(0, tmp.resolve("missing")));
  }
}
