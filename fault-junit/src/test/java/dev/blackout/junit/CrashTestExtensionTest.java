package dev.blackout.junit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.platform.engine.discovery.DiscoverySelectors.selectMethod;

import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.platform.engine.TestExecutionResult;
import org.junit.platform.testkit.engine.EngineTestKit;
import org.junit.platform.testkit.engine.Event;
import org.junit.platform.testkit.engine.Events;

/** The extension's behaviour that needs no FUSE: invocations per model and misuse messages. */
class CrashTestExtensionTest {

  private static Events run(String method) {
    return EngineTestKit.engine("junit-jupiter")
        .selectors(selectMethod(MisusedCrashTests.class, method, CrashRunner.class.getName()))
        .execute()
        .allEvents();
  }

  private static List<String> failures(Events events) {
    return events.failed().stream().map(CrashTestExtensionTest::message).toList();
  }

  private static String message(Event e) {
    return e.getRequiredPayload(TestExecutionResult.class).getThrowable().orElseThrow().getMessage();
  }

  @Test
  void oneInvocationPerModelAndForgettingVerifyFailsEach() {
    Events events = run("neverVerifies");
    assertEquals(List.of("[prefix]", "[posix]"), events.started().stream()
        .filter(e -> e.getTestDescriptor().isTest())
        .map(e -> e.getTestDescriptor().getDisplayName()).toList());
    assertEquals(List.of(
        "@CrashTest method neverVerifies never called verify(scenario) on its CrashRunner parameter,"
            + " so nothing was tested",
        "@CrashTest method neverVerifies never called verify(scenario) on its CrashRunner parameter,"
            + " so nothing was tested"), failures(events));
  }

  @Test
  void noModelIsAnError() {
    assertEquals(List.of("@CrashTest on namesNoModel names no model; give models ="
        + " {\"ext4-ordered\", ...}"), failures(run("namesNoModel")));
  }

  @Test
  void anUnknownModelListsTheKnownOnes() {
    assertEquals(List.of("unknown model 'zfs'; known models: prefix, drop-unsynced, ext4-ordered,"
        + " posix"), failures(run("namesAnUnknownModel")));
  }

  @Test
  void aZeroBudgetIsRefused() {
    assertEquals(List.of("budget 0 is not a positive number of states"),
        failures(run("hasNoBudget")));
  }

  @Test
  void propertiesChooseTheInvocations() {
    Events events = EngineTestKit.engine("junit-jupiter")
        .selectors(selectMethod(MisusedCrashTests.class, "neverVerifies", CrashRunner.class.getName()))
        .configurationParameter("blackout.models", "drop-unsynced, ext4-ordered")
        .execute()
        .allEvents();
    assertEquals(List.of("[drop-unsynced]", "[ext4-ordered]"), events.started().stream()
        .filter(e -> e.getTestDescriptor().isTest())
        .map(e -> e.getTestDescriptor().getDisplayName()).toList());
  }
}
