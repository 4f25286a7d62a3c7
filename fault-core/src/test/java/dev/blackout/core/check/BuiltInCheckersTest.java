package dev.blackout.core.check;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.blackout.core.check.CheckResult.Outcome;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class BuiltInCheckersTest {

  @TempDir Path work;
  private Path state;

  @org.junit.jupiter.api.BeforeEach
  void makeState() throws IOException {
    // A subdirectory: a command checker writes its ack file next to the state, inside the temp dir.
    state = Files.createDirectory(work.resolve("state"));
  }

  private CheckResult ackedFiles(String... markers) {
    return new AckedFilesChecker().run(new CheckRequest(state, List.of(markers), "k1", "posix"));
  }

  private static byte[] bytes(String s) {
    return s.getBytes(StandardCharsets.UTF_8);
  }

  @Nested
  class AckedFiles {

    @Test
    void passesWhenEveryAcknowledgedFileHoldsItsContent() throws IOException {
      Files.writeString(state.resolve("db"), "v1");
      Files.createDirectories(state.resolve("log dir"));
      Files.writeString(state.resolve("log dir/seg 0"), "records");
      CheckResult result =
          ackedFiles(
              "ack txn 1",
              AckedFilesChecker.fileMarker("db", bytes("v1")),
              AckedFilesChecker.fileMarker("log dir/seg 0", bytes("records")));
      assertEquals(Outcome.PASS, result.outcome(), result.output());
    }

    @Test
    void aMissingFileIsAViolation() {
      CheckResult result = ackedFiles("x", AckedFilesChecker.fileMarker("db", bytes("v1")));
      assertEquals(Outcome.FAIL, result.outcome());
      assertEquals(
          "acknowledged file 'db' is missing (acknowledged by marker #2)", result.output());
    }

    @Test
    void otherContentIsAViolationNamingBothHashes() throws IOException {
      Files.writeString(state.resolve("db"), "");
      CheckResult result = ackedFiles(AckedFilesChecker.fileMarker("db", bytes("v1")));
      assertEquals(Outcome.FAIL, result.outcome());
      assertTrue(
          result.output().contains("has other content: sha256 " + AckedFilesChecker.sha256("")),
          result.output());
      assertTrue(
          result.output().contains("expected " + AckedFilesChecker.sha256("v1")), result.output());
    }

    @Test
    void theLatestAcknowledgementOfAPathWins() throws IOException {
      Files.writeString(state.resolve("db"), "v2");
      assertEquals(
          Outcome.PASS,
          ackedFiles(
                  AckedFilesChecker.fileMarker("db", bytes("v1")),
                  AckedFilesChecker.fileMarker("db", bytes("v2")))
              .outcome());
      assertEquals(
          Outcome.FAIL,
          ackedFiles(
                  AckedFilesChecker.fileMarker("db", bytes("v2")),
                  AckedFilesChecker.fileMarker("db", bytes("v1")))
              .outcome());
    }

    @Test
    void anIntentAcceptsTheNewVersionUntilTheNextAcknowledgement() throws IOException {
      Files.writeString(state.resolve("db"), "v2");
      String ackV1 = AckedFilesChecker.fileMarker("db", bytes("v1"));
      String intentV2 = AckedFilesChecker.intentMarker("db", bytes("v2"));
      assertEquals(Outcome.FAIL, ackedFiles(ackV1).outcome());
      assertEquals(Outcome.PASS, ackedFiles(ackV1, intentV2).outcome());
      Files.writeString(state.resolve("db"), "v1");
      assertEquals(Outcome.PASS, ackedFiles(ackV1, intentV2).outcome());
      String ackV2 = AckedFilesChecker.fileMarker("db", bytes("v2"));
      assertEquals(
          Outcome.FAIL, ackedFiles(ackV1, intentV2, ackV2).outcome(), "v1 no longer accepted");
      Files.writeString(state.resolve("db"), "v1v2");
      CheckResult torn = ackedFiles(ackV1, intentV2);
      assertEquals(Outcome.FAIL, torn.outcome());
      assertTrue(torn.output().contains(" or "), torn.output());
    }

    @Test
    void anAcknowledgedDeletionMustHaveHappened() throws IOException {
      assertEquals(Outcome.PASS, ackedFiles(AckedFilesChecker.absentMarker("old")).outcome());
      Files.writeString(state.resolve("old"), "x");
      CheckResult result = ackedFiles(AckedFilesChecker.absentMarker("old"));
      assertEquals(Outcome.FAIL, result.outcome());
      assertEquals(
          "'old' exists but its deletion was acknowledged (acknowledged by marker #1)",
          result.output());
    }

    @Test
    void symbolicLinksAreNotFollowed() throws IOException {
      Path outside = Files.createTempFile("blackout-outside", "");
      try {
        Files.writeString(outside, "v1");
        Files.createSymbolicLink(state.resolve("db"), outside);
        Files.createSymbolicLink(state.resolve("dir"), outside.getParent());
        CheckResult result =
            ackedFiles(
                AckedFilesChecker.fileMarker("db", bytes("v1")),
                AckedFilesChecker.fileMarker("dir/" + outside.getFileName(), bytes("v1")));
        assertEquals(Outcome.FAIL, result.outcome());
        assertTrue(
            result.output().contains("'db' is not a regular file (a symbolic link)"),
            result.output());
        assertTrue(
            result.output().contains("reached through the symbolic link 'dir'"), result.output());
      } finally {
        Files.delete(outside);
      }
    }

    @Test
    void malformedFileMarkersAreCheckerErrorsNamingTheMarker() {
      for (String bad :
          List.of(
              "file db sha256=xyz",
              "file /etc/passwd absent",
              "file a/../../b absent",
              "file db",
              "file  sha256=" + "0".repeat(64))) {
        CheckResult result = ackedFiles("ok", bad);
        assertEquals(Outcome.ERROR, result.outcome(), bad);
        assertTrue(result.output().startsWith("marker #2 '" + bad + "' "), result.output());
        assertTrue(!result.output().contains("\n"), "one line: " + result.output());
      }
    }

    @Test
    void aMarkerWithoutVersionSaysSo() {
      CheckResult result = ackedFiles("file db");
      assertEquals(Outcome.ERROR, result.outcome());
      assertTrue(
          result.output().startsWith("marker #1 'file db' has no 'sha256=HEX' or 'absent'"),
          result.output());
    }

    @Test
    void spellingsOfOnePathAreOneObligation() throws IOException {
      Files.createDirectories(state.resolve("d"));
      Files.writeString(state.resolve("d/db"), "v2");
      CheckResult result =
          ackedFiles(
              AckedFilesChecker.fileMarker("d/db", bytes("v1")),
              AckedFilesChecker.fileMarker("./d//db", bytes("v2")));
      assertEquals(Outcome.PASS, result.outcome(), result.output());
    }

    @Test
    void otherMarkersAreIgnored() {
      assertEquals(Outcome.PASS, ackedFiles("ack txn 17", "filed away", "commit 3").outcome());
    }
  }

  @Nested
  class IdempotentRecovery {

    @Test
    void aRecoveryThatConvergesPasses() throws IOException {
      Files.writeString(state.resolve("journal"), "pending");
      Checker recovery =
          request -> {
            Files.deleteIfExists(request.state().resolve("journal"));
            Files.writeString(request.state().resolve("db"), "recovered");
            return CheckResult.pass();
          };
      CheckResult result = IdempotentRecoveryChecker.of(recovery).run(request());
      assertEquals(Outcome.PASS, result.outcome(), result.output());
    }

    @Test
    void aRecoveryThatChangesTheStateAgainFails() throws IOException {
      Files.writeString(state.resolve("log"), "");
      Checker appendsEveryTime =
          request -> {
            Files.writeString(
                request.state().resolve("log"),
                "replayed\n",
                java.nio.file.StandardOpenOption.APPEND);
            return CheckResult.pass();
          };
      CheckResult result = IdempotentRecoveryChecker.of(appendsEveryTime).run(request());
      assertEquals(Outcome.FAIL, result.outcome());
      assertTrue(
          result
              .output()
              .startsWith("recovery is not idempotent: the second run changed the state:"));
      assertTrue(result.output().contains("changed 'log'"), result.output());
    }

    @Test
    void aSecondRunThatFailsIsAViolation() {
      AtomicInteger runs = new AtomicInteger();
      Checker secondFails =
          request ->
              runs.incrementAndGet() == 1
                  ? CheckResult.pass()
                  : CheckResult.fail("journal replayed twice");
      CheckResult result = IdempotentRecoveryChecker.of(secondFails).run(request());
      assertEquals(Outcome.FAIL, result.outcome());
      assertTrue(
          result.output().endsWith("the second run failed:\njournal replayed twice"),
          result.output());
      assertEquals(2, runs.get());
    }

    @Test
    void aFailingFirstRunIsReportedAsItIsWithoutASecondRun() {
      AtomicInteger runs = new AtomicInteger();
      Checker fails =
          request -> {
            runs.incrementAndGet();
            return CheckResult.fail("db torn");
          };
      CheckResult result = IdempotentRecoveryChecker.of(fails).run(request());
      assertEquals(Outcome.FAIL, result.outcome());
      assertEquals("db torn", result.output());
      assertEquals(1, runs.get());
    }

    @Test
    void worksAroundAnExternalCommand() throws IOException {
      Files.writeString(state.resolve("n"), "0");
      CheckResult result =
          IdempotentRecoveryChecker.of(
                  CommandChecker.shell("echo 1 >> n", java.time.Duration.ofSeconds(30)))
              .run(request());
      assertEquals(Outcome.FAIL, result.outcome());
      assertTrue(result.output().contains("changed 'n'"), result.output());
    }

    private CheckRequest request() {
      return new CheckRequest(state, List.of(), "k1", "posix");
    }
  }
}
